package org.plutro.server.media;

import com.twelvemonkeys.image.ImageUtil;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.metadata.IIOMetadata;
import javax.imageio.metadata.IIOMetadataFormatImpl;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.ImageOutputStream;
import org.w3c.dom.Node;

/**
 * Turns an uploaded image into what we serve: the original re-encoded through ImageIO (which
 * writes pixels only, so EXIF, GPS positions, comments and text chunks are gone), turned upright,
 * shrunk if huge; a preview; the dimensions and a BlurHash. Blocking and CPU-heavy: call it from a
 * worker thread ({@link MediaProcessing} does). Reusable for avatars and headers through {@link Resize}.
 */
public final class ImageProcessor {
  /** Larger images are refused before decoding: a small file can claim a huge canvas. */
  public static final long MAX_INPUT_PIXELS = 7680L * 4320L;
  /** Mastodon keeps originals within 3840 × 2160 worth of pixels. */
  public static final long MAX_STORED_PIXELS = 3840L * 2160L;
  public static final int PREVIEW_SIDE = 640;
  private static final int BLURHASH_SIDE = 32;
  private static final float JPEG_QUALITY = 0.9f;

  /** How the stored original is sized. */
  public sealed interface Resize {
    /** Keep the proportions, shrink to at most this many pixels (media attachments). */
    record FitArea(long maxPixels) implements Resize {}

    /** Scale to cover the box, then crop to exactly it, centred (avatars 400 × 400, headers 1500 × 500). */
    record Cover(int width, int height) implements Resize {}

    Resize MEDIA = new FitArea(MAX_STORED_PIXELS);
  }

  /** What was written: the stored format (a still GIF becomes PNG), sizes, and the hash. */
  public record Result(MediaFormat format, int width, int height, int previewWidth,
      int previewHeight, String blurhash) {
    public boolean hasPreview() {
      return previewWidth > 0;
    }
  }

  private ImageProcessor() {}

  /**
   * Processes {@code source} (already recognised as {@code format}) into {@code original} and
   * {@code preview} ({@code preview} may be left unwritten: see {@link Result#hasPreview()}).
   */
  public static Result process(Path source, MediaFormat format, Resize resize, Path original,
      Path preview) throws InvalidMediaException, IOException {
    byte[] bytes = Files.readAllBytes(source);
    Decoded decoded = decode(bytes, format);
    BufferedImage image = upright(decoded.image(), decoded.orientation());
    MediaFormat stored;
    if (format == MediaFormat.WEBP && (decoded.frames() > 1 || fits(image, resize))) {
      // ImageIO cannot write WebP: kept as uploaded, minus its metadata chunks.
      Files.write(original, WebpFile.strip(bytes));
      stored = MediaFormat.WEBP;
    } else if (format == MediaFormat.GIF && decoded.frames() > 1) {
      // An animation would be lost by re-encoding; Mastodon turns it into a video, which we cannot.
      // Kept as uploaded, minus its comments and editors' application extensions.
      Files.write(original, GifFile.strip(bytes));
      stored = MediaFormat.GIF;
    } else {
      // Re-encoded: ImageIO writes pixels only, so EXIF, GPS, comments and text chunks are gone.
      stored = format == MediaFormat.JPEG ? MediaFormat.JPEG : MediaFormat.PNG;
      image = resize(image, resize);
      write(image, stored, original);
    }
    BufferedImage small = fit(image, PREVIEW_SIDE);
    write(small, previewFormat(format), preview);
    String blurhash = Blurhash.encode(fit(small, BLURHASH_SIDE));
    return new Result(stored, image.getWidth(), image.getHeight(), small.getWidth(),
        small.getHeight(), blurhash);
  }

  /** The preview's format for an uploaded image: JPEG for JPEG, PNG for the others. */
  public static MediaFormat previewFormat(MediaFormat uploaded) {
    return uploaded == MediaFormat.JPEG ? MediaFormat.JPEG : MediaFormat.PNG;
  }

  /** The first frame, how many there are, and the EXIF Orientation (1–8, 1 when none). */
  private record Decoded(BufferedImage image, int frames, int orientation) {}

  // TwelveMonkeys' readers (found by ImageIO) decode WebP, CMYK JPEGs, and read EXIF.
  private static Decoded decode(byte[] bytes, MediaFormat format) throws InvalidMediaException {
    try (ImageInputStream input = ImageIO.createImageInputStream(new ByteArrayInputStream(bytes))) {
      Iterator<ImageReader> readers = ImageIO.getImageReaders(input);
      if (!readers.hasNext()) {
        throw new InvalidMediaException("The image could not be read");
      }
      ImageReader reader = readers.next();
      try {
        reader.setInput(input, false, false);
        long pixels = (long) reader.getWidth(0) * reader.getHeight(0);
        if (pixels > MAX_INPUT_PIXELS) {
          throw new InvalidMediaException("The image is too large (" + reader.getWidth(0) + "x"
              + reader.getHeight(0) + "); at most " + MAX_INPUT_PIXELS + " pixels");
        }
        BufferedImage image = reader.read(0);
        // Counting frames reads the whole file: only formats that animate are asked.
        boolean animates = format == MediaFormat.GIF || format == MediaFormat.WEBP;
        return new Decoded(image, animates ? reader.getNumImages(true) : 1,
            orientation(reader.getImageMetadata(0)));
      } finally {
        reader.dispose();
      }
    } catch (IOException | RuntimeException e) {
      // ImageIO signals corrupt or unsupported data (a truncated file) in many ways.
      throw new InvalidMediaException("The image could not be read");
    }
  }

  // The standard metadata names the EXIF Orientation values 1 to 8 in this order.
  private static final List<String> ORIENTATIONS = List.of("Normal", "FlipH", "Rotate180", "FlipV",
      "FlipVRotate90", "Rotate270", "FlipHRotate90", "Rotate90");

  private static int orientation(IIOMetadata metadata) {
    if (metadata == null || !metadata.isStandardMetadataFormatSupported()) {
      return 1;
    }
    Node node = metadata.getAsTree(IIOMetadataFormatImpl.standardMetadataFormatName).getFirstChild();
    for (; node != null; node = node.getNextSibling()) {
      if (node.getNodeName().equals("Dimension")) {
        for (Node child = node.getFirstChild(); child != null; child = child.getNextSibling()) {
          if (child.getNodeName().equals("ImageOrientation")) {
            Node value = child.getAttributes().getNamedItem("value");
            return value == null ? 1 : ORIENTATIONS.indexOf(value.getNodeValue()) + 1;
          }
        }
      }
    }
    return 1;
  }

  /**
   * Phones store photos as the sensor saw them and record how to turn them in EXIF; EXIF is
   * dropped on purpose (GPS positions), so the turn is applied to the pixels first.
   */
  static BufferedImage upright(BufferedImage image, int orientation) {
    return switch (orientation) {
      case 2 -> ImageUtil.createFlipped(image, ImageUtil.FLIP_HORIZONTAL);
      case 3 -> ImageUtil.createRotated(image, ImageUtil.ROTATE_180);
      case 4 -> ImageUtil.createFlipped(image, ImageUtil.FLIP_VERTICAL);
      case 5 -> ImageUtil.createFlipped(ImageUtil.createRotated(image, ImageUtil.ROTATE_90_CW),
          ImageUtil.FLIP_HORIZONTAL);
      case 6 -> ImageUtil.createRotated(image, ImageUtil.ROTATE_90_CW);
      case 7 -> ImageUtil.createFlipped(ImageUtil.createRotated(image, ImageUtil.ROTATE_90_CCW),
          ImageUtil.FLIP_HORIZONTAL);
      case 8 -> ImageUtil.createRotated(image, ImageUtil.ROTATE_90_CCW);
      default -> image;
    };
  }

  private static boolean fits(BufferedImage image, Resize resize) {
    return resize instanceof Resize.FitArea area
        && (long) image.getWidth() * image.getHeight() <= area.maxPixels();
  }

  private static BufferedImage resize(BufferedImage image, Resize resize) {
    if (resize instanceof Resize.FitArea area) {
      long pixels = (long) image.getWidth() * image.getHeight();
      if (pixels <= area.maxPixels()) {
        return image;
      }
      double factor = Math.sqrt(area.maxPixels() / (double) pixels);
      return scale(image, Math.max(1, (int) (image.getWidth() * factor)),
          Math.max(1, (int) (image.getHeight() * factor)));
    }
    Resize.Cover box = (Resize.Cover) resize;
    double factor = Math.max(box.width() / (double) image.getWidth(),
        box.height() / (double) image.getHeight());
    int w = Math.max(box.width(), (int) Math.ceil(image.getWidth() * factor));
    int h = Math.max(box.height(), (int) Math.ceil(image.getHeight() * factor));
    BufferedImage scaled = scale(image, w, h);
    return copy(scaled.getSubimage((w - box.width()) / 2, (h - box.height()) / 2, box.width(),
        box.height()), hasAlpha(image));
  }

  /** Shrinks (never enlarges) so that neither side exceeds {@code side}. */
  static BufferedImage fit(BufferedImage image, int side) {
    int w = image.getWidth();
    int h = image.getHeight();
    if (w <= side && h <= side) {
      return image;
    }
    double factor = side / (double) Math.max(w, h);
    return scale(image, Math.max(1, (int) Math.round(w * factor)),
        Math.max(1, (int) Math.round(h * factor)));
  }

  // Halving steps then one bilinear step: close to area averaging, much faster.
  private static BufferedImage scale(BufferedImage image, int width, int height) {
    BufferedImage current = image;
    boolean alpha = hasAlpha(image);
    int w = image.getWidth();
    int h = image.getHeight();
    do {
      w = w / 2 >= width ? w / 2 : width;
      h = h / 2 >= height ? h / 2 : height;
      BufferedImage next = new BufferedImage(w, h,
          alpha ? BufferedImage.TYPE_INT_ARGB : BufferedImage.TYPE_INT_RGB);
      Graphics2D g = next.createGraphics();
      g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
      g.setRenderingHint(RenderingHints.KEY_RENDERING, RenderingHints.VALUE_RENDER_QUALITY);
      g.drawImage(current, 0, 0, w, h, null);
      g.dispose();
      current = next;
    } while (w != width || h != height);
    return current;
  }

  private static boolean hasAlpha(BufferedImage image) {
    return image.getColorModel().hasAlpha();
  }

  private static BufferedImage copy(BufferedImage image, boolean alpha) {
    BufferedImage out = new BufferedImage(image.getWidth(), image.getHeight(),
        alpha ? BufferedImage.TYPE_INT_ARGB : BufferedImage.TYPE_INT_RGB);
    Graphics2D g = out.createGraphics();
    g.drawImage(image, 0, 0, null);
    g.dispose();
    return out;
  }

  /** Writes a JPEG (a video's poster). */
  static void writeJpeg(BufferedImage image, Path target) throws IOException {
    write(image, MediaFormat.JPEG, target);
  }

  private static void write(BufferedImage image, MediaFormat format, Path target) throws IOException {
    if (format == MediaFormat.JPEG) {
      // JPEG has no alpha channel; an ARGB image would come out with wrong colours.
      BufferedImage rgb = image.getType() == BufferedImage.TYPE_INT_RGB
          || image.getType() == BufferedImage.TYPE_3BYTE_BGR ? image : flatten(image);
      ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
      try (OutputStream out = Files.newOutputStream(target);
          ImageOutputStream stream = ImageIO.createImageOutputStream(out)) {
        writer.setOutput(stream);
        ImageWriteParam param = writer.getDefaultWriteParam();
        param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
        param.setCompressionQuality(JPEG_QUALITY);
        param.setProgressiveMode(ImageWriteParam.MODE_DEFAULT);
        writer.write(null, new IIOImage(rgb, null, null), param);
      } finally {
        writer.dispose();
      }
    } else if (!ImageIO.write(image, "png", target.toFile())) {
      throw new IOException("no PNG writer");
    }
  }

  private static BufferedImage flatten(BufferedImage image) {
    BufferedImage rgb = new BufferedImage(image.getWidth(), image.getHeight(), BufferedImage.TYPE_INT_RGB);
    Graphics2D g = rgb.createGraphics();
    g.setColor(java.awt.Color.WHITE);
    g.fillRect(0, 0, image.getWidth(), image.getHeight());
    g.drawImage(image, 0, 0, null);
    g.dispose();
    return rgb;
  }
}
