package io.callqueue.adapter.sip;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/**
 * What the server logs while a piece of a test runs. The tests' SLF4J binding (slf4j-simple,
 * {@code logFile} left at {@code System.err}) looks {@code System.err} up at every line, so a
 * stream set here for a while receives every log line of that while; it is still echoed to the
 * original stream, so the test's report keeps the log. Close it to put the original back.
 */
final class StandardErrorCapture implements AutoCloseable {
  private final PrintStream original = System.err;
  private final ByteArrayOutputStream captured = new ByteArrayOutputStream();

  private StandardErrorCapture() {
    OutputStream both = new OutputStream() {
      @Override
      public void write(int b) {
        original.write(b);
        synchronized (captured) {
          captured.write(b);
        }
      }

      @Override
      public void write(byte[] bytes, int offset, int length) {
        original.write(bytes, offset, length);
        synchronized (captured) {
          captured.write(bytes, offset, length);
        }
      }
    };
    System.setErr(new PrintStream(both, true, StandardCharsets.UTF_8));
  }

  /** Starts capturing {@code System.err}. */
  static StandardErrorCapture start() {
    return new StandardErrorCapture();
  }

  /** What was written so far. */
  String text() {
    synchronized (captured) {
      return captured.toString(StandardCharsets.UTF_8);
    }
  }

  @Override
  public void close() {
    System.setErr(original);
  }
}
