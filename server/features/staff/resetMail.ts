/**
 * The reset mail in the teacher's language. The server writes it (no browser is there to translate),
 * so its few strings live here, one entry per language the interface has.
 */
const TEXTS: Record<string, { subject: string; body: (name: string, link: string) => string }> = {
  en: {
    subject: 'Reset your Bridges password',
    body: (name, link) =>
      `Hello ${name},\n\nSomeone (we hope you) asked to reset your Bridges password. Open this link within an hour to choose a new one:\n\n${link}\n\nThe link works once. If you did not ask, ignore this email: your password stays as it is.\n\nBridges`,
  },
  cy: {
    subject: 'Ailosod eich cyfrinair Bridges',
    body: (name, link) =>
      `Helo ${name},\n\nGofynnodd rhywun (chi, gobeithio) i ailosod eich cyfrinair Bridges. Agorwch y ddolen hon o fewn awr i ddewis un newydd:\n\n${link}\n\nMae'r ddolen yn gweithio unwaith. Os na wnaethoch chi ofyn, anwybyddwch yr e-bost hwn: mae eich cyfrinair yn aros fel y mae.\n\nBridges`,
  },
}

export function resetMail(locale: string, name: string, link: string): { subject: string; text: string } {
  const texts = TEXTS[locale] ?? TEXTS.en!
  return { subject: texts.subject, text: texts.body(name, link) }
}
