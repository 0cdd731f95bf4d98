import { useTranslation } from 'react-i18next'

/** A language's name in the reader's own language (Intl), falling back to its tag. */
export function useLanguageName(): (tag: string) => string {
  const { i18n } = useTranslation()
  return (tag) => {
    try {
      return new Intl.DisplayNames([i18n.language], { type: 'language' }).of(tag) ?? tag
    } catch {
      return tag
    }
  }
}
