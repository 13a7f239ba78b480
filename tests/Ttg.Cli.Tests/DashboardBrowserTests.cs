using System.Globalization;
using Microsoft.Playwright;
using Ttg.Sqlite;
using Ttg.Testing;
using Ttg.WorkQueue;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace Ttg.Cli.Tests;

/// <summary>
/// The dashboard in a real browser (Debian's chromium, driven by Playwright through its executable path, so nothing
/// is downloaded) over a real store while a real worker computes: the list and the job page render and update live,
/// Pause and Resume act on the job in the store, and the page logs no error. A screenshot of the job page is kept.
/// </summary>
public sealed class DashboardBrowserTests(ITestOutputHelper output) : IDisposable
{
    private readonly TempFolder _folder = new();
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(30) };

    private string Store => _folder.File("ttg.db");

    public void Dispose()
    {
        _http.Dispose();
        _folder.Dispose();
    }

    [Fact]
    public async Task ListAndJobPage_UpdateLive_PauseResumeAndCancelActOnTheStore_NoEtaWithoutWorkers_WithoutConsoleErrors()
    {
        DebianPackage.Ensure("chromium", "chromium");
        var submit = await TtgProcess.RunAsync(_folder.Path, "submit", "simulate", "--params", "100000", "--work-ms", "10", "--async-concurrency", "1", "--chunk-size", "10", "--job-id", "browser", "--store", Store);
        Assert.True(submit.ExitCode == 0, submit.ToString());
        await using var dashboard = await DashboardProcess.StartAsync(_folder.Path, Store, _http);
        using var worker = TtgProcess.Start(_folder.Path, null, "worker", "--store", Store, "--job", "browser", "--concurrency", "1", "--liveness", "3");
        await StoreProbe.WaitForAsync(Store, "browser", p => p.Done >= 20, TimeSpan.FromSeconds(60));

        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new()
        {
            ExecutablePath = Chromium(),
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"], // tests run as root, in containers
        });
        var page = await browser.NewPageAsync(new() { ViewportSize = new() { Width = 1200, Height = 1100 } });
        var errors = new List<string>();
        page.Console += (_, message) =>
        {
            if (message.Type == "error")
            {
                errors.Add(message.Text);
            }
        };
        page.PageError += (_, error) => errors.Add(error);
        page.Response += (_, response) =>
        {
            if (response.Status >= 400)
            {
                errors.Add($"{response.Status} {response.Url}");
            }
        };
        SetDefaultExpectTimeout(20_000);

        // The list: the job's row, and its done count rising between two reads.
        await page.GotoAsync(dashboard.Root.ToString());
        var row = page.Locator("tr[data-job=\"browser\"]");
        await Expect(row.Locator(".state")).ToHaveTextAsync("running");
        await RisesAsync(row.Locator(".done"));

        // The job page: facts, chart, the live worker, and the done count rising.
        await row.Locator("a.job").ClickAsync();
        await page.WaitForURLAsync("**/jobs/browser");
        await Expect(page.Locator("#state")).ToHaveTextAsync("running");
        await Expect(page.Locator("#chart canvas")).ToBeVisibleAsync();
        await Expect(page.Locator("tr[data-worker] .state")).ToHaveTextAsync("live");
        await RisesAsync(page.Locator("#done"));

        await page.Locator("#pause").ClickAsync();
        await Expect(page.Locator("#state")).ToHaveTextAsync("paused");
        await Expect(page.Locator("#eta")).ToHaveTextAsync("paused");
        await Expect(page.Locator("#resume")).ToBeEnabledAsync();
        Assert.Equal(JobState.Paused, (await StoreProbe.ProgressAsync(Store, "browser")).Job.State);

        await page.Locator("#resume").ClickAsync();
        await Expect(page.Locator("#state")).ToHaveTextAsync("running");
        Assert.Equal(JobState.Running, (await StoreProbe.ProgressAsync(Store, "browser")).Job.State);
        await RisesAsync(page.Locator("#done"));

        // A second job with one straggling chunk, copied by the store as for an idle worker: its page counts the copy.
        await CopyAStragglerAsync("stragglers");
        await page.GotoAsync(new Uri(dashboard.Root, "jobs/stragglers").ToString());
        await Expect(page.Locator("#speculation")).ToHaveTextAsync("1 copied · 0 won · 0 wasted");
        await page.GotoAsync(new Uri(dashboard.Root, "jobs/browser").ToString());
        await Expect(page.Locator("#speculation")).ToHaveTextAsync("none");

        // No ETA once the job has no live worker, nor once it is cancelled (from the page, confirming its dialog).
        worker.Signal(UnixSignal.Term);
        await worker.WaitAsync(TimeSpan.FromSeconds(30));
        await Expect(page.Locator("#eta")).ToHaveTextAsync("no live workers");
        page.Dialog += async (_, dialog) => await dialog.AcceptAsync();
        await page.Locator("#cancel").ClickAsync();
        await Expect(page.Locator("#state")).ToHaveTextAsync("cancelled");
        await Expect(page.Locator("#eta")).ToHaveTextAsync("cancelled");
        Assert.Equal(JobState.Cancelled, (await StoreProbe.ProgressAsync(Store, "browser")).Job.State);

        var screenshot = Path.Combine(AppContext.BaseDirectory, "artifacts", "dashboard-job-page.png");
        Directory.CreateDirectory(Path.GetDirectoryName(screenshot)!);
        await page.ScreenshotAsync(new() { Path = screenshot, FullPage = true });
        output.WriteLine($"screenshot: {screenshot}");
        Assert.True(new FileInfo(screenshot).Length > 0);
        Assert.True(errors.Count == 0, "the page logged errors: " + string.Join(" | ", errors));
    }

    private async Task CopyAStragglerAsync(string jobId)
    {
        // Ten chunks, all started by one worker: nothing is pending, and one copy stays within the default budget (a tenth).
        var submit = await TtgProcess.RunAsync(_folder.Path, "submit", "simulate", "--params", "100", "--chunk-size", "10", "--job-id", jobId, "--store", Store);
        Assert.True(submit.ExitCode == 0, submit.ToString());
        await using var store = await SqliteBackend.OpenAsync(new SqliteBackendOptions { Path = Store });
        Assert.Equal(10, (await store.LeaseAsync(new LeaseRequest("slow", 10, ["simulate"]) { JobIds = [jobId] })).Count);
        Assert.NotNull(await store.LeaseCopyAsync(new CopyRequest("idle", jobId, TimeSpan.Zero)));
    }

    /// <summary>Waits until the count shown ("1,234 / 100,000") is above the one shown now.</summary>
    private static async Task RisesAsync(ILocator count)
    {
        var first = Done(await count.TextContentAsync());
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(20);
        while (Done(await count.TextContentAsync()) <= first)
        {
            Assert.True(DateTime.UtcNow < deadline, $"the page's done count stayed at {first} for 20 s");
            await Task.Delay(250);
        }
    }

    private static long Done(string? text) =>
        long.TryParse(text?.Split('/')[0].Trim(), NumberStyles.AllowThousands, CultureInfo.InvariantCulture, out var done) ? done : -1;

    private static string Chromium() =>
        new[] { "/usr/bin/chromium", "/usr/bin/chromium-browser" }.FirstOrDefault(File.Exists)
            ?? throw new InvalidOperationException("chromium is not installed; apt-get install chromium");
}
