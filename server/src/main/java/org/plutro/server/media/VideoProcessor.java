package org.plutro.server.media;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import org.jcodec.api.FrameGrab;
import org.jcodec.common.DemuxerTrackMeta;
import org.jcodec.common.io.NIOUtils;
import org.jcodec.common.io.SeekableByteChannel;
import org.jcodec.common.model.Picture;
import org.jcodec.common.model.Size;
import org.jcodec.scale.AWTUtil;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An uploaded video is stored as uploaded minus its metadata boxes (MP4: {@link Mp4Metadata}); for
 * an MP4 whose H.264 track jcodec (pure Java) can decode, its size, duration and first frame as
 * the poster (preview) and BlurHash. Anything jcodec cannot read (another codec, WebM) is still
 * stored, without a poster. Blocking and CPU-heavy, as {@link ImageProcessor}.
 */
public final class VideoProcessor {
  private static final Logger LOG = LoggerFactory.getLogger(VideoProcessor.class);
  private static final int BLURHASH_SIDE = 32;

  /** What was learnt; the sizes and duration are null when the video could not be decoded. */
  public record Result(Integer width, Integer height, Double duration, Integer previewWidth,
      Integer previewHeight, String blurhash) {
    public boolean hasPreview() {
      return previewWidth != null;
    }
  }

  private VideoProcessor() {}

  private static int quarterTurns(DemuxerTrackMeta.Orientation orientation) {
    if (orientation == null) {
      return 0;
    }
    return switch (orientation) {
      case D_90 -> 1;
      case D_180 -> 2;
      case D_270 -> 3;
      default -> 0;
    };
  }

  /** The picture turned clockwise by {@code quarterTurns} quarters. */
  static BufferedImage turn(BufferedImage image, int quarterTurns) {
    if (quarterTurns == 0) {
      return image;
    }
    int w = image.getWidth();
    int h = image.getHeight();
    boolean swap = quarterTurns % 2 == 1;
    BufferedImage turned = new BufferedImage(swap ? h : w, swap ? w : h, BufferedImage.TYPE_INT_RGB);
    java.awt.geom.AffineTransform transform = new java.awt.geom.AffineTransform();
    transform.translate(turned.getWidth() / 2.0, turned.getHeight() / 2.0);
    transform.quadrantRotate(quarterTurns);
    transform.translate(-w / 2.0, -h / 2.0);
    java.awt.Graphics2D g = turned.createGraphics();
    g.drawImage(image, transform, null);
    g.dispose();
    return turned;
  }

  /** Writes {@code original} and, when the first frame could be decoded, {@code preview} (a JPEG). */
  public static Result process(Path source, MediaFormat format, Path original, Path preview)
      throws IOException {
    Files.copy(source, original, StandardCopyOption.REPLACE_EXISTING);
    if (format != MediaFormat.MP4) {
      return new Result(null, null, null, null, null, null);
    }
    Mp4Metadata.strip(original);
    try (SeekableByteChannel channel = NIOUtils.readableChannel(original.toFile())) {
      FrameGrab grab = FrameGrab.createFrameGrab(channel);
      DemuxerTrackMeta meta = grab.getVideoTrack().getMeta();
      Size size = meta.getVideoCodecMeta().getSize();
      Double duration = meta.getTotalDuration() > 0 ? meta.getTotalDuration() : null;
      // A phone filming upright stores the picture sideways and says so in the track header's
      // matrix: players turn it, so its size is the turned one, and so is the poster.
      int quarterTurns = quarterTurns(meta.getOrientation());
      int width = quarterTurns % 2 == 0 ? size.getWidth() : size.getHeight();
      int height = quarterTurns % 2 == 0 ? size.getHeight() : size.getWidth();
      if ((long) width * height > ImageProcessor.MAX_INPUT_PIXELS) {
        return new Result(width, height, duration, null, null, null);
      }
      Picture frame = grab.getNativeFrame();
      if (frame == null) {
        return new Result(width, height, duration, null, null, null);
      }
      BufferedImage upright = turn(AWTUtil.toBufferedImage(frame), quarterTurns);
      BufferedImage small = ImageProcessor.fit(upright, ImageProcessor.PREVIEW_SIDE);
      ImageProcessor.writeJpeg(small, preview);
      return new Result(width, height, duration, small.getWidth(),
          small.getHeight(), Blurhash.encode(ImageProcessor.fit(small, BLURHASH_SIDE)));
    } catch (Exception e) {
      // jcodec reads H.264 in MP4 only; the file is kept, without a poster.
      LOG.debug("No poster frame for {}: {}", original.getFileName(), e.toString());
      Files.deleteIfExists(preview);
      return new Result(null, null, null, null, null, null);
    }
  }
}
