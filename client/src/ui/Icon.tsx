/**
 * Small line icons drawn inline, so a child sees the same picture beside the words on every device
 * (emoji depend on the fonts a school computer happens to have). Decorative: the words say it all.
 */
const PATHS = {
  home: 'M3 11 12 3l9 8M5 9.5V21h5v-6h4v6h5V9.5',
  pencil: 'M4 20h4L20 8l-4-4L4 16zM14 6l4 4',
  picture: 'M3 5h18v14H3zM3 16l5-5 4 4 3-3 6 6M8.5 7.5a1.5 1.5 0 1 0 0 3 1.5 1.5 0 0 0 0-3',
  chat: 'M4 5h16v11H10l-6 4z',
  bell: 'M6 16v-5a6 6 0 0 1 12 0v5l2 2H4zM10 20a2 2 0 0 0 4 0',
  letter: 'M3 6h18v12H3zM3 6l9 7 9-7',
  star: 'M12 3l2.8 5.8 6.2.9-4.5 4.4 1 6.2-5.5-2.9-5.5 2.9 1-6.2L3 9.7l6.2-.9z',
  friends: 'M9 11a3 3 0 1 0 0-6 3 3 0 0 0 0 6zM16 11a3 3 0 1 0 0-6M3 20c0-3 2.7-5 6-5s6 2 6 5M16 15c2.8 0 5 2 5 5',
  clock: 'M12 3a9 9 0 1 0 0 18 9 9 0 0 0 0-18zM12 7v5l3 2',
  video: 'M3 7h12v10H3zM15 10l6-3v10l-6-3',
  wait: 'M7 3h10M7 21h10M8 3c0 5 8 5 8 9s-8 4-8 9M16 3c0 5-8 5-8 9s8 4 8 9',
  wave: 'M12 3a9 9 0 1 0 0 18 9 9 0 0 0 0-18zM8 14s1.5 2 4 2 4-2 4-2M9 9.5h.01M15 9.5h.01',
} as const

export type IconName = keyof typeof PATHS

export function Icon({ name, size = '1.2em' }: { name: IconName; size?: string }) {
  return (
    <svg
      className="icon"
      width={size}
      height={size}
      viewBox="0 0 24 24"
      fill="none"
      stroke="currentColor"
      strokeWidth="2"
      strokeLinecap="round"
      strokeLinejoin="round"
      aria-hidden="true"
      focusable="false"
    >
      <path d={PATHS[name]} />
    </svg>
  )
}
