package io.callqueue.examples.server.panel;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Supplier;
import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.NoSuchElementException;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * A real browser for the panel's tests: the system's headless Chromium ({@value #CHROMIUM})
 * driven by the system's chromedriver ({@value #DRIVER}) through Selenium — nothing downloaded
 * (Selenium Manager is not asked). Without them a test is skipped with a message, except under
 * {@code CI=true}, where it fails (.ci/run installs both). Screenshots go to
 * {@code target/screenshots/<name>.png}.
 */
public final class Browser implements AutoCloseable {
  static final String CHROMIUM = "/usr/bin/chromium";
  static final String DRIVER = "/usr/bin/chromedriver";
  private static final Duration WAIT = Duration.ofSeconds(15);
  private static final Path SCREENSHOTS = Path.of("target", "screenshots");

  private final ChromeDriver driver;

  private Browser(ChromeDriver driver) {
    this.driver = driver;
  }

  /** Skips the test when Chromium or its driver is missing; fails instead under CI=true. */
  public static void assumeInstalled() {
    boolean present = Files.isExecutable(Path.of(CHROMIUM))
        && Files.isExecutable(Path.of(DRIVER));
    if (!present && "true".equals(System.getenv("CI"))) {
      throw new AssertionError("Chromium (" + CHROMIUM + ") or chromedriver (" + DRIVER
          + ") is missing under CI=true: install the chromium and chromium-driver packages"
          + " (.ci/run does)");
    }
    Assumptions.assumeTrue(present, "Chromium (" + CHROMIUM + ") or chromedriver (" + DRIVER
        + ") is missing: the browser test is skipped (apt-get install chromium chromium-driver)");
  }

  /** A headless browser, 1280×1000, in the given language. */
  public static Browser start(String language) {
    assumeInstalled();
    ChromeOptions options = new ChromeOptions();
    options.setBinary(CHROMIUM);
    options.addArguments("--headless=new", "--disable-gpu", "--disable-dev-shm-usage",
        "--window-size=1280,1000", "--lang=" + language);
    if ("root".equals(System.getProperty("user.name"))) {
      options.addArguments("--no-sandbox"); // Chromium refuses its sandbox as root
    }
    ChromeDriverService service = new ChromeDriverService.Builder()
        .usingDriverExecutable(Path.of(DRIVER).toFile()).usingAnyFreePort().build();
    return new Browser(new ChromeDriver(service, options));
  }

  public ChromeDriver driver() {
    return driver;
  }

  /**
   * Every request of the page from now on carries these headers (DevTools protocol's
   * {@code Network.setExtraHTTPHeaders}): the board's own tests, which run the board without the
   * panel, send the bearer token this way, as a signed-in browser sends its session cookie.
   */
  public Browser headers(Map<String, String> headers) {
    driver.executeCdpCommand("Network.enable", Map.of());
    driver.executeCdpCommand("Network.setExtraHTTPHeaders", Map.of("headers", headers));
    return this;
  }

  /** Waits until {@code condition} holds (polling the page every 50 ms), at most {@code within}. */
  public void waitFor(Duration within, String what, Supplier<Boolean> condition) {
    new WebDriverWait(driver, within).withMessage(what)
        .pollingEvery(Duration.ofMillis(50)).until(d -> condition.get());
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

  public void open(String url) {
    driver.get(url);
  }

  public WebElement find(String css) {
    return driver.findElement(By.cssSelector(css));
  }

  /**
   * Signs in on the panel's sign-in page of the server at {@code base} and waits for the page
   * it leads to (the administrator's queues, an agent's own page).
   */
  public void signIn(String base, String user, String password) {
    open(base + "/panel/login");
    type("#user", user);
    type("#password", password);
    find("#sign-in").click();
    waitFor(d -> !d.getCurrentUrl().contains("/panel/login"));
  }

  /** Types into a field, replacing what it held. */
  public void type(String css, String text) {
    WebElement e = find(css);
    e.clear();
    e.sendKeys(text);
  }

  /**
   * Waits (at most 15 s) until the condition holds and returns its value; an element of the page
   * being replaced (a form just submitted) or not there yet counts as "not yet".
   */
  public <T> T waitFor(Function<WebDriver, T> condition) {
    return new WebDriverWait(driver, WAIT)
        .ignoring(StaleElementReferenceException.class)
        .ignoring(NoSuchElementException.class)
        .until(condition::apply);
  }

  /**
   * Saves the whole page (the window stretched to the page's height for the shot) as
   * {@code target/screenshots/<name>.png}; returns the file.
   */
  public Path screenshot(String name) throws IOException {
    Files.createDirectories(SCREENSHOTS);
    Dimension window = driver.manage().window().getSize();
    Object height = driver.executeScript("return document.documentElement.scrollHeight;");
    int full = height instanceof Number n ? Math.min(n.intValue() + 40, 6000) : window.height;
    driver.manage().window().setSize(new Dimension(window.width, Math.max(full,
        window.height)));
    Path png;
    try {
      png = driver.getScreenshotAs(OutputType.FILE).toPath();
    } finally {
      driver.manage().window().setSize(window);
    }
    Path target = SCREENSHOTS.resolve(name + ".png");
    Files.move(png, target, StandardCopyOption.REPLACE_EXISTING);
    return target;
  }

  /** Whether the page's text contains {@code text}. */
  public boolean shows(String text) {
    return driver.findElement(By.tagName("body")).getText().contains(text);
  }

  @Override
  public void close() {
    driver.quit();
  }
}
