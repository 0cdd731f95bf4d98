import * as mupdf from 'mupdf'
import qrcode from 'qrcode-generator'
import sharp from 'sharp'

/** A multipart body with several files in fields named "file", as a browser form sends a multiple pick. */
export function multipartFiles(files: { bytes: Buffer; name: string; type: string }[]): {
  body: Buffer
  contentType: string
} {
  const boundary = `----bridges${Math.random().toString(16).slice(2)}`
  const parts = files.flatMap((f) => [
    Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${f.name}"\r\nContent-Type: ${f.type}\r\n\r\n`,
    ),
    f.bytes,
    Buffer.from('\r\n'),
  ])
  return {
    body: Buffer.concat([...parts, Buffer.from(`--${boundary}--\r\n`)]),
    contentType: `multipart/form-data; boundary=${boundary}`,
  }
}

/** A scanned-looking PDF: each page one picture (a grey sheet with a dark line of "writing") on white A4. */
export async function scannedPdf(pageCount: number, width = 600): Promise<Buffer> {
  const doc = new mupdf.PDFDocument()
  for (let i = 0; i < pageCount; i++) {
    const png = await sharp({ create: { width, height: (width * 4) / 3, channels: 3, background: '#f4f0e6' } })
      .composite([
        {
          input: { create: { width: width / 2, height: 4, channels: 3, background: '#223' } },
          top: 100 + i * 40,
          left: 100,
        },
      ])
      .png()
      .toBuffer()
    const image = doc.addImage(new mupdf.Image(png))
    const resources = doc.addObject({ XObject: { I0: image } })
    doc.insertPage(-1, doc.addPage([0, 0, 595, 842], 0, resources, 'q 495 0 0 742 50 50 cm /I0 Do Q'))
  }
  return Buffer.from(doc.saveToBuffer('compress').asUint8Array())
}

/**
 * A phone photo of an answered reply sheet: a cream page with "writing" and, in its corner, the QR
 * code holding `text` as the printed sheet carries it; turned by `degrees` as a photo taken sideways.
 */
export async function replySheetPhoto(text: string, degrees = 0): Promise<Buffer> {
  const qr = qrcode(0, 'M')
  qr.addData(text)
  qr.make()
  const svg = Buffer.from(qr.createSvgTag({ cellSize: 8, margin: 4 }))
  return sharp({ create: { width: 1200, height: 1600, channels: 3, background: '#f7f3ea' } })
    .composite([
      { input: { create: { width: 800, height: 6, channels: 3, background: '#223' } }, top: 300, left: 150 },
      { input: { create: { width: 700, height: 6, channels: 3, background: '#223' } }, top: 400, left: 150 },
      { input: svg, top: 1200, left: 850 },
    ])
    .jpeg()
    .toBuffer()
    .then((page) => sharp(page).rotate(degrees).jpeg().toBuffer())
}
