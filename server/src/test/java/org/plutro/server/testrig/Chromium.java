package org.plutro.server.testrig;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * A real headless Chromium (Debian's {@code chromium} and {@code chromium-driver}; never a
 * downloaded browser), driven through WebDriver the way a person uses the pages: fields are found
 * by their visible labels, buttons by their text. Screenshots go to {@code target/screenshots}.
 * One browser serves a whole test class, started before its {@code @BeforeAll} and closed after:
 * {@code @RegisterExtension static final Chromium browser = new Chromium(true);}
 */
public final class Chromium implements BeforeAllCallback, AfterAllCallback {
  public static final Path CHROMIUM = Path.of("/usr/bin/chromium");
  public static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
  private static final Path SCREENSHOTS = Path.of("target", "screenshots");
  private static final int DESKTOP = 1280;
  private static final int PHONE = 390;

  private final boolean javascript;
  private ChromeDriver driver;
  private Path temporaryFolder;

  /** A browser with its own profile (no cookies), scripts on or off. */
  public Chromium(boolean javascript) {
    this.javascript = javascript;
  }

  @Override
  public void beforeAll(ExtensionContext context) {
    if (!Files.isExecutable(CHROMIUM) || !Files.isExecutable(CHROMEDRIVER)) {
      throw new IllegalStateException("Browser tests need Debian's chromium and chromium-driver"
          + " packages (/usr/bin/chromium, /usr/bin/chromedriver): apt-get install chromium"
          + " chromium-driver (.ci/run does this)");
    }
    ChromeOptions options = new ChromeOptions();
    options.setBinary(CHROMIUM.toFile());
    options.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage",
        "--disable-gpu", "--window-size=" + DESKTOP + ",900", "--lang=en-US");
    if (!javascript) {
      options.addArguments("--blink-settings=scriptEnabled=false");
    }
    // Chromium leaves its singleton-socket folder in TMPDIR after quitting: give it one of its
    // own, removed with the browser, so that test runs leave nothing in /tmp.
    try {
      temporaryFolder = Files.createTempDirectory("plutro-chromium-");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    ChromeDriverService service = new ChromeDriverService.Builder()
        .usingDriverExecutable(CHROMEDRIVER.toFile()).usingAnyFreePort()
        .withEnvironment(Map.of("TMPDIR", temporaryFolder.toString())).build();
    driver = new ChromeDriver(service, options);
  }

  @Override
  public void afterAll(ExtensionContext context) {
    if (driver != null) {
      driver.quit();
      driver = null;
    }
    if (temporaryFolder != null) {
      try {
        Folders.deleteTree(temporaryFolder);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      temporaryFolder = null;
    }
  }


  public WebDriver driver() {
    return driver;
  }

  public Chromium visit(String url) {
    driver.get(url);
    return this;
  }

  public String url() {
    return driver.getCurrentUrl();
  }

  public String title() {
    return driver.getTitle();
  }

  /**
   * The visible text of the page's main part. A page replaced between finding that part and
   * reading it (a form just submitted) is read again: the new page is the one asked about.
   */
  public String text() {
    for (int attempt = 1; ; attempt++) {
      try {
        List<WebElement> main = driver.findElements(By.tagName("main"));
        return (main.isEmpty() ? driver.findElement(By.tagName("body")) : main.get(0)).getText();
      } catch (StaleElementReferenceException replaced) {
        if (attempt == 5) {
          throw replaced;
        }
      }
    }
  }

  /** The field whose label starts with {@code label} (the label's own text, hints aside). */
  public WebElement field(String label) {
    for (WebElement candidate : driver.findElements(By.tagName("label"))) {
      String text = candidate.getText().strip();
      if (text.equals(label) || text.startsWith(label + "\n") || text.startsWith(label + " ")) {
        String target = candidate.getAttribute("for");
        if (target != null && !target.isBlank()) {
          return driver.findElement(By.id(target));
        }
        return candidate.findElement(By.cssSelector("input, select, textarea"));
      }
    }
    throw new AssertionError("no field labelled \"" + label + "\" on " + url() + "\n" + text());
  }

  public Chromium fill(String label, String value) {
    WebElement field = field(label);
    field.clear();
    field.sendKeys(value);
    return this;
  }

  /** Chooses a file for the file field labelled {@code label}. */
  public Chromium attach(String label, Path file) {
    field(label).sendKeys(file.toAbsolutePath().toString());
    return this;
  }

  public Chromium check(String label, boolean on) {
    WebElement box = field(label);
    if (box.isSelected() != on) {
      box.click();
    }
    return this;
  }

  public Chromium select(String label, String optionText) {
    new org.openqa.selenium.support.ui.Select(field(label)).selectByVisibleText(optionText);
    return this;
  }

  /** Clicks the button (or submit input) whose text is {@code text}, and waits for the next page. */
  public Chromium press(String text) {
    WebElement button = button(text);
    WebElement html = driver.findElement(By.tagName("html"));
    button.click();
    waitForNewPage(html);
    return this;
  }

  /**
   * Clicks the button whose form asks first ({@code data-confirm}, with JavaScript on), says yes,
   * and waits for the next page.
   */
  public Chromium pressAndConfirm(String text) {
    WebElement button = button(text);
    WebElement html = driver.findElement(By.tagName("html"));
    button.click();
    new WebDriverWait(driver, Duration.ofSeconds(5)).until(ExpectedConditions.alertIsPresent()).accept();
    waitForNewPage(html);
    return this;
  }

  /** Follows the link whose text is {@code text}. */
  public Chromium follow(String text) {
    WebElement html = driver.findElement(By.tagName("html"));
    driver.findElement(By.linkText(text)).click();
    waitForNewPage(html);
    return this;
  }

  /** Saves the page at a desktop and a phone width: {@code target/screenshots/NAME-1280.png}. */
  public Chromium screenshot(String name) {
    try {
      Files.createDirectories(SCREENSHOTS);
      for (int width : new int[] {DESKTOP, PHONE}) {
        driver.manage().window().setSize(new Dimension(width, 900));
        long height = ((Number) driver.executeScript(
            "return document.documentElement.scrollHeight")).longValue();
        driver.manage().window().setSize(new Dimension(width, (int) Math.min(Math.max(height, 600), 4000)));
        Files.write(SCREENSHOTS.resolve(name + "-" + width + ".png"),
            driver.getScreenshotAs(OutputType.BYTES));
      }
      driver.manage().window().setSize(new Dimension(DESKTOP, 900));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return this;
  }

  /** Screenshots at both widths, and the page must fit a phone ({@link #fitsPhone}). */
  public Chromium photograph(String name) {
    screenshot(name);
    if (!fitsPhone()) {
      throw new AssertionError(name + " scrolls sideways on a " + PHONE + " px phone: " + url());
    }
    return this;
  }

  /** At 390 px wide, the page is no wider than the window: nothing scrolls sideways. */
  public boolean fitsPhone() {
    driver.manage().window().setSize(new Dimension(PHONE, 900));
    try {
      return (Boolean) driver.executeScript(
          "return document.documentElement.scrollWidth <= window.innerWidth");
    } finally {
      driver.manage().window().setSize(new Dimension(DESKTOP, 900));
    }
  }

  /** Forgets the cookies of the site the browser is on (a browser forgets only those). */
  public Chromium forgetCookies() {
    driver.manage().deleteAllCookies();
    return this;
  }

  private WebElement button(String text) {
    return driver.findElements(By.cssSelector("button, input[type=submit]")).stream()
        .filter(b -> text.equals(b.getText().strip()) || text.equals(b.getAttribute("value")))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no button \"" + text + "\" on " + url() + "\n" + text()));
  }

  private void waitForNewPage(WebElement old) {
    new WebDriverWait(driver, Duration.ofSeconds(15)).until(d -> {
      try {
        old.isEnabled();
        return false;
      } catch (org.openqa.selenium.StaleElementReferenceException gone) {
        return loaded(d);
      } catch (org.openqa.selenium.WebDriverException e) {
        // While the old document is being replaced Chromium may say its node "does not belong to
        // the document" instead of calling it stale: the same event, said another way.
        if (String.valueOf(e.getMessage()).contains("does not belong to the document")) {
          return loaded(d);
        }
        throw e;
      }
    });
  }

  private static boolean loaded(WebDriver d) {
    return "complete".equals(((ChromeDriver) d).executeScript("return document.readyState"));
  }

}
