import jsQRModule from 'jsqr'
import sharp from 'sharp'
import { MAX_PAPER_PAGES } from '../../../shared/schemas/paper.js'
import { THUMB_SIZE } from '../../../shared/schemas/media.js'
import { DomainError } from '../../domain/errors.js'
import { processImage, type ProcessedImage } from '../media/imagePipeline.js'

/** One file of an upload, as the browser sent it. */
export interface PaperFile {
  name: string
  type: string
  bytes: Buffer
}

/** A PDF page rendered at about 150 dpi: legible handwriting, well within the picture pipeline's limits. */
const PDF_SCALE = 150 / 72

const notAPdf = () => new DomainError('NOT_A_PDF', 'That file is not a PDF we can open')
const tooManyPages = () =>
  new DomainError('TOO_MANY_FILES', `At most ${MAX_PAPER_PAGES} pages can be sent at once: send the stack in parts`)

const startsAsPdf = (bytes: Buffer) => bytes.subarray(0, 1024).includes('%PDF-')
const claimsPdf = (file: PaperFile) => file.type === 'application/pdf' || /\.pdf$/i.test(file.name)

/**
 * Every page of an upload as a picture Bridges keeps (the media pipeline: upright from EXIF, metadata
 * gone, 1600 px WebP), its plain border cropped away. All files are read before anything is stored, so
 * one bad file refuses the whole upload and leaves no trace.
 */
export async function pagesOf(files: readonly PaperFile[]): Promise<ProcessedImage[]> {
  const sources: Buffer[] = []
  for (const file of files) {
    // Decided from the bytes; a name or type that says PDF only chooses which refusal is clearer.
    if (startsAsPdf(file.bytes)) sources.push(...(await renderPdf(file.bytes, MAX_PAPER_PAGES - sources.length)))
    else if (claimsPdf(file)) throw notAPdf()
    else sources.push(file.bytes)
    if (sources.length > MAX_PAPER_PAGES) throw tooManyPages()
  }
  const pages: ProcessedImage[] = []
  // One page at a time: a class's stack must not take both cores from everyone else.
  for (const source of sources) pages.push(await cropBorder(await processImage(source)))
  return pages
}

/** Renders each page of a PDF to PNG with MuPDF (WebAssembly: nothing to install beyond npm). */
async function renderPdf(bytes: Buffer, room: number): Promise<Buffer[]> {
  const mupdf = await import('mupdf')
  let doc: InstanceType<typeof mupdf.Document> | undefined
  try {
    doc = mupdf.Document.openDocument(bytes, 'application/pdf')
    const count = doc.countPages()
    if (count < 1) throw notAPdf()
    if (count > room) throw tooManyPages()
    const pngs: Buffer[] = []
    for (let i = 0; i < count; i++) {
      const page = doc.loadPage(i)
      const pixmap = page.toPixmap(mupdf.Matrix.scale(PDF_SCALE, PDF_SCALE), mupdf.ColorSpace.DeviceRGB, false, true)
      pngs.push(Buffer.from(pixmap.asPNG()))
      pixmap.destroy()
      page.destroy()
    }
    return pngs
  } catch (error) {
    if (error instanceof DomainError) throw error
    throw notAPdf()
  } finally {
    doc?.destroy()
  }
}

/**
 * Crops the plain margin around a page (the table or scanner bed around the paper). A page that is
 * all one colour, or one where cropping would leave a sliver, is kept whole.
 */
async function cropBorder(image: ProcessedImage): Promise<ProcessedImage> {
  try {
    const { data, info } = await sharp(image.display)
      .trim({ threshold: 30 })
      .webp({ quality: 80 })
      .toBuffer({ resolveWithObject: true })
    if (info.width < image.width / 4 || info.height < image.height / 4) return image
    const thumb = await sharp(data)
      .resize(THUMB_SIZE, THUMB_SIZE, { fit: 'inside', withoutEnlargement: true })
      .webp({ quality: 70 })
      .toBuffer()
    return { display: data, thumb, width: info.width, height: info.height }
  } catch {
    return image
  }
}

/**
 * A page turned clockwise by quarter turns, for a photo taken sideways that the camera did not mark.
 * sharp writes no metadata unless asked, so the turned page carries none either.
 */
export async function rotatePage(display: Buffer, quarterTurns: 1 | 2 | 3): Promise<ProcessedImage> {
  const { data, info } = await sharp(display)
    .rotate(quarterTurns * 90)
    .webp({ quality: 80 })
    .toBuffer({ resolveWithObject: true })
  const thumb = await sharp(data)
    .resize(THUMB_SIZE, THUMB_SIZE, { fit: 'inside', withoutEnlargement: true })
    .webp({ quality: 70 })
    .toBuffer()
  return { display: data, thumb, width: info.width, height: info.height }
}

// A CommonJS module whose export is the function (with itself as `default`): typed as the namespace.
type ReadQr = typeof jsQRModule.default
const jsQRExport: unknown = jsQRModule
const jsQR: ReadQr = typeof jsQRExport === 'function' ? (jsQRExport as ReadQr) : jsQRModule.default

/** What the reply sheet's QR code holds: its code, as printed under it. */
const SHEET_CODE = /^[A-Z0-9]{3}-[A-Z0-9]{3}$/
/** Wide enough for a sheet's QR code (about 3 cm on A4) to be read, small enough to read quickly. */
const QR_READ_SIZE = 1000

/**
 * The reply-sheet code in a page's printed QR code (jsQR over the pixels sharp decodes), or null
 * when there is none or it holds anything else. The QR code is found at any turn of the page.
 */
export async function readSheetCode(display: Buffer): Promise<string | null> {
  try {
    const { data, info } = await sharp(display)
      .resize(QR_READ_SIZE, QR_READ_SIZE, { fit: 'inside', withoutEnlargement: true })
      .ensureAlpha()
      .raw()
      .toBuffer({ resolveWithObject: true })
    const found = jsQR(new Uint8ClampedArray(data.buffer, data.byteOffset, data.length), info.width, info.height, {
      inversionAttempts: 'dontInvert',
    })
    const text = found?.data.trim().toUpperCase() ?? ''
    return SHEET_CODE.test(text) ? text : null
  } catch {
    return null
  }
}
