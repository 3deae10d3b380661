package io.callqueue.examples.server.board;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Headless Chromium for the board's browser tests: Debian's {@code chromium} driven through its
 * {@code chromedriver} (no driver download). Without them the test is skipped with a message
 * saying so, except under {@code CI=true}, where it fails.
 *
 * <p>Authentication: the board's routes sit behind the HTTP server's bearer token (the panel's
 * session cookie comes with the panel's branch). A browser cannot put a header on a page load or
 * an {@code EventSource}, so the harness asks Chromium itself, over the DevTools protocol
 * ({@code Network.setExtraHTTPHeaders}), to send {@code Authorization} with every request of the
 * page, as a signed-in session would carry its cookie. Nothing in the pages or the server knows
 * about it; no token ever goes into a URL.
 */
public final class BoardBrowser implements AutoCloseable {
  static final Path CHROMIUM = Path.of("/usr/bin/chromium");
  static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
  static final Path SCREENSHOTS = Path.of("target", "screenshots");

  /** The driver, for what the helpers here do not cover. */
  public final ChromeDriver driver;

  private BoardBrowser(ChromeDriver driver) {
    this.driver = driver;
  }

  /** Starts headless Chromium, or skips (fails under CI) when it is not installed. */
  public static BoardBrowser start() {
    boolean present = Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER);
    if (!present) {
      String why = "no Chromium: the browser test needs " + CHROMIUM + " and " + CHROMEDRIVER
          + " (apt-get install chromium chromium-driver)";
      if ("true".equals(System.getenv("CI"))) {
        fail(why + "; CI must have them (.ci/run installs them)");
      }
      assumeTrue(false, why);
    }
    ChromeOptions options = new ChromeOptions();
    options.setBinary(CHROMIUM.toFile());
    options.addArguments("--headless=new", "--disable-gpu", "--disable-dev-shm-usage",
        "--window-size=1400,1000", "--lang=en-GB");
    if ("root".equals(System.getProperty("user.name"))) {
      options.addArguments("--no-sandbox"); // Chromium refuses to run as root with its sandbox
    }
    ChromeDriverService service = new ChromeDriverService.Builder()
        .usingDriverExecutable(CHROMEDRIVER.toFile()).usingAnyFreePort().build();
    return new BoardBrowser(new ChromeDriver(service, options));
  }

  /** Every request of the page from now on carries these headers (DevTools protocol). */
  public BoardBrowser headers(Map<String, String> headers) {
    driver.executeCdpCommand("Network.enable", Map.of());
    driver.executeCdpCommand("Network.setExtraHTTPHeaders", Map.of("headers", headers));
    return this;
  }

  /** Waits until {@code condition} holds (polling the page), at most {@code within}. */
  public void waitFor(Duration within, String what,
      java.util.function.Supplier<Boolean> condition) {
    new WebDriverWait(driver, within).withMessage(what)
        .pollingEvery(Duration.ofMillis(50)).until(d -> condition.get());
  }

  /** Saves a PNG of the whole page (beyond the window) to {@code target/screenshots/<name>.png}. */
  public Path screenshot(String name) throws Exception {
    Files.createDirectories(SCREENSHOTS);
    Map<String, Object> shot = driver.executeCdpCommand("Page.captureScreenshot",
        Map.of("format", "png", "captureBeyondViewport", true));
    Path to = SCREENSHOTS.resolve(name + ".png");
    Files.write(to, java.util.Base64.getDecoder().decode((String) shot.get("data")));
    return to;
  }

  /** Chromium's performance counters ({@code Performance.getMetrics}), by name. */
  @SuppressWarnings("unchecked")
  public Map<String, Double> metrics() {
    driver.executeCdpCommand("Performance.enable", Map.of());
    Map<String, Object> r = driver.executeCdpCommand("Performance.getMetrics", Map.of());
    Map<String, Double> out = new HashMap<>();
    for (Map<String, Object> m : (List<Map<String, Object>>) r.get("metrics")) {
      out.put((String) m.get("name"), ((Number) m.get("value")).doubleValue());
    }
    return out;
  }

  /**
   * The text of the first element matching a CSS selector, {@code null} when none (read in the
   * page in one step: the wallboard replaces its elements with every push).
   */
  public String text(String css) {
    return (String) driver.executeScript(
        "var e = document.querySelector(arguments[0]); return e ? e.textContent : null;", css);
  }

  /** How many elements match a CSS selector. */
  public long count(String css) {
    return (Long) driver.executeScript(
        "return document.querySelectorAll(arguments[0]).length;", css);
  }

  /** An attribute of the first element matching a CSS selector, {@code null} when none. */
  public String attribute(String css, String name) {
    return (String) driver.executeScript("var e = document.querySelector(arguments[0]);"
        + " return e ? e.getAttribute(arguments[1]) : null;", css, name);
  }

  /** Runs a script in the page and returns its value. */
  public Object js(String script) {
    return driver.executeScript(script);
  }

  @Override
  public void close() {
    driver.quit();
  }
}
