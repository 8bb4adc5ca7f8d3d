package sexton.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.NoAlertPresentException;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The report in a real headless Chromium (Debian's chromium and chromedriver, installed by .ci/run):
 * every chart drawn, no console error, no request leaves the file, and hostile process names,
 * from a fixture and from live processes, stay text.
 */
class ReportBrowserTest {
    static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");

    @TempDir
    Path dir;

    private ChromeDriver driver;
    private final List<Process> started = new ArrayList<>();

    @BeforeEach
    void browser() {
        assumeTrue(Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER),
                "chromium and chromium-driver are not installed (.ci/run installs them): browser test skipped");
        ChromeOptions o = new ChromeOptions();
        o.setBinary(CHROMIUM.toFile());
        o.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage",
                "--window-size=1200,1600", "--user-data-dir=" + dir.resolve("profile"));
        LoggingPreferences logs = new LoggingPreferences();
        logs.enable(LogType.BROWSER, Level.ALL);
        logs.enable(LogType.PERFORMANCE, Level.ALL);
        o.setCapability("goog:loggingPrefs", logs);
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile())
                .usingAnyFreePort().build();
        driver = new ChromeDriver(service, o);
    }

    @AfterEach
    void close() throws Exception {
        if (driver != null) driver.quit();
        for (Process p : started) {
            p.destroyForcibly();
            p.waitFor(5, TimeUnit.SECONDS);
        }
    }

    /** Opens the report and checks what every report must satisfy; returns the number of charts. */
    private int openAndCheck(Path report, Path screenshot) throws Exception {
        driver.get(report.toUri().toString());
        JavascriptExecutor js = driver;
        new WebDriverWait(driver, Duration.ofSeconds(30)).until(d -> Boolean.TRUE.equals(js.executeScript(
                "return !!window.sextonCharts && Object.keys(window.sextonCharts).length === document.querySelectorAll('canvas').length")));
        Number canvases = (Number) js.executeScript("return document.querySelectorAll('canvas').length");
        assertThat(canvases.intValue()).isGreaterThanOrEqualTo(4);
        Object blank = js.executeScript("""
                var out = [];
                document.querySelectorAll('canvas').forEach(function(c){
                  var d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data, drawn = false;
                  for (var i = 3; i < d.length; i += 4) { if (d[i] !== 0) { drawn = true; break; } }
                  if (!drawn || c.width === 0) out.push(c.id);
                });
                return out;""");
        assertThat((List<?>) blank).as("blank canvases").isEmpty();
        List<String> errors = new ArrayList<>();
        for (LogEntry e : driver.manage().logs().get(LogType.BROWSER)) if (e.getLevel().intValue() >= Level.SEVERE.intValue()) errors.add(e.getMessage());
        assertThat(errors).as("console errors").isEmpty();
        List<String> requests = new ArrayList<>();
        for (LogEntry e : driver.manage().logs().get(LogType.PERFORMANCE)) {
            String m = e.getMessage();
            if (!m.contains("\"Network.requestWillBeSent\"")) continue;
            int at = m.indexOf("\"url\":\"");
            if (at >= 0) requests.add(m.substring(at + 7, m.indexOf('"', at + 7)));
        }
        // the browser's own chrome:// pages show up too; what matters is that nothing goes to a network
        assertThat(requests).as("requests").anyMatch(u -> u.startsWith("file:"))
                .noneMatch(u -> u.matches("^(https?|wss?|ftp):.*"));
        assertThatThrownBy(() -> driver.switchTo().alert()).isInstanceOf(NoAlertPresentException.class);
        Number injected = (Number) js.executeScript("return document.querySelectorAll('img').length");
        assertThat(injected.intValue()).as("no element injected by a process name").isZero();
        Number scripts = (Number) js.executeScript("return document.querySelectorAll('script').length");
        assertThat(scripts.intValue()).as("the data and four scripts of the report, nothing else").isEqualTo(5);
        Files.createDirectories(screenshot.getParent());
        Files.write(screenshot, ((TakesScreenshot) driver).getScreenshotAs(OutputType.BYTES));
        return canvases.intValue();
    }

    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void theFixtureReportDrawsEveryChartOfflineAndHostileNamesStayText() throws Exception {
        Diagnosis d = ReportStructureTest.diagnose(dir);
        Path report = dir.resolve("report.html");
        HtmlReport.write(d, Findings.rank(d), "test", report);
        openAndCheck(report, Path.of("target", "report-browser", "fixture-report.png"));
        String headings = (String) ((JavascriptExecutor) driver).executeScript(
                "return Array.prototype.map.call(document.querySelectorAll('h3'), function(h){ return h.textContent; }).join('\\n')");
        assertThat(headings).contains(ReportStructureTest.EVIL_IMG).contains(ReportStructureTest.EVIL_SCRIPT);
    }

    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void liveProcessesWithHostileCommandLines() throws Exception {
        for (String name : new String[] {"<img src=x onerror=alert(1)>", "\"><script>alert(document.domain)</script>"}) {
            Process p = new ProcessBuilder("bash", "-c", "exec -a \"$0\" sleep 100", name).start();
            started.add(p);
        }
        Thread.sleep(300);
        String db = dir.resolve("live.db").toString();
        // a watched directory with a hostile name: its chart is drawn and its name stays text
        Path spool = Files.createDirectories(dir.resolve("spool <img src=x onerror=alert(2)>"));
        Files.writeString(spool.resolve("queued"), "x".repeat(100_000));
        assertThat(sexton.cli.Main.run("record", "--interval", "1s", "--count", "3", "--db", db, "--json", "--watch-dir", spool.toString(),
                "--dir-interval", "1s")).isZero();
        Path report = dir.resolve("live.html");
        assertThat(sexton.cli.Main.run("report", "--db", db, "-o", report.toString(), "--mem-threshold", "0")).isZero();
        String html = Files.readString(report);
        assertThat(html).contains("&lt;img src=x onerror=alert(1)&gt; 100").doesNotContain("<img src=x");
        openAndCheck(report, Path.of("target", "report-browser", "live-report.png"));
        String text = (String) ((JavascriptExecutor) driver).executeScript("return document.body.textContent");
        assertThat(text).contains("<img src=x onerror=alert(1)> 100").contains("\"><script>alert(document.domain)</script> 100");
        assertThat(html).contains("id=\"c-chart-dirs\"").doesNotContain("<img src=x onerror=alert(2)>");
        assertThat(new File(report.toString()).length()).isLessThan(2_000_000);
    }

}
