import qrcode from 'qrcode-generator'
import { useMemo } from 'react'

/**
 * The reply sheet's code as a QR code, printed beside it: the server reads it from the photographed
 * sheet, so the teacher need not type the code. Drawn as one SVG path (crisp at any print size).
 */
export function SheetQr({ code, label }: { code: string; label: string }) {
  const { size, path } = useMemo(() => {
    const qr = qrcode(0, 'M')
    qr.addData(code)
    qr.make()
    const count = qr.getModuleCount()
    let d = ''
    for (let row = 0; row < count; row++)
      for (let col = 0; col < count; col++) if (qr.isDark(row, col)) d += `M${col + 4} ${row + 4}h1v1h-1z`
    return { size: count + 8, path: d }
  }, [code])
  return (
    <svg
      className="sheet-qr"
      role="img"
      aria-label={label}
      viewBox={`0 0 ${size} ${size}`}
      shapeRendering="crispEdges"
      data-testid="sheet-qr"
    >
      <rect width={size} height={size} fill="#fff" />
      <path d={path} fill="#000" />
    </svg>
  )
}
