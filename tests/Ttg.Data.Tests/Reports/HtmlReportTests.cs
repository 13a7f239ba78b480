using System.Buffers.Binary;
using System.IO.Compression;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using Microsoft.Extensions.Time.Testing;
using Ttg.Core.Tests;
using Ttg.Core.Tests.Results;
using Ttg.Jobs;
using Ttg.Reports;
using Ttg.Results;

namespace Ttg.Data.Tests.Reports;

public sealed partial class HtmlReportTests : IDisposable
{
    private readonly TempDirectory _dir = new();
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 1, 2, 3, 4, 5, TimeSpan.Zero));

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task GridReport_HasFactsSummaryHistogramHeatmapAndFailures()
    {
        var plan = JobPlan.Create(new JobSpec { Computation = "rosen<b>", Grid = "x=-2:2:21,y=-1:3:21", ChunkSize = 50 });
        var store = new FakeJobStore(plan, p => p.Index is 7 or 300 ? null : Math.Pow(1 - p.GetDouble("x"), 2) + (100 * Math.Pow(p.GetDouble("y") - (p.GetDouble("x") * p.GetDouble("x")), 2)));

        var report = await JobReportBuilder.BuildAsync(store, store.Job, ResultGoal.Minimize, _time);
        var html = HtmlReport.Render(report);

        Assert.Equal((441L, 2L), (report.Summary.Count, report.Summary.Failed));
        Assert.Equal(439, report.Histogram!.Total);
        Assert.Equal("grid x=-2:2:21,y=-1:3:21", report.Space);
        Assert.Contains("rosen&lt;b&gt;", html);
        Assert.DoesNotContain("rosen<b>", html);
        Assert.Contains("x=1, y=1", html);
        Assert.Contains("Failed parameters (2)", html);
        Assert.Contains("<td>300</td>", html);
        Assert.Contains("poisoned parameter 7 (fail-on)", html);
        Assert.Contains("data:image/png;base64,", html);
        Assert.Contains("class=\"best\"", html);
        Assert.Contains("log scale", html);
        Assert.Contains("2026-01-02 03:04:05 UTC", html);
    }

    [Fact]
    public async Task Report_IsWellFormed_AndLoadsNothingFromOutside()
    {
        var plan = JobPlan.Create(new JobSpec { Computation = "f", Grid = "x=0..9,y=[1,2,5]" });
        var store = new FakeJobStore(plan, p => p.Index * 0.5);

        var html = HtmlReport.Render(await JobReportBuilder.BuildAsync(store, store.Job, ResultGoal.Maximize, _time));

        // Parsing as XML proves every tag is closed; the page has no script and no external reference.
        var document = XDocument.Parse(html.Replace("<!DOCTYPE html>", string.Empty, StringComparison.Ordinal));
        Assert.Equal("html", document.Root!.Name.LocalName);
        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotMatch(ExternalReference(), html);
        Assert.Contains("each cell shows the max", html);
    }

    [Fact]
    public async Task RangeReport_HasNoHeatmap_AndSaysWhenNothingFailed()
    {
        var plan = JobPlan.Create(new JobSpec { Computation = "square", Params = 100 });
        var store = new FakeJobStore(plan, p => (double)p.Index * p.Index);

        var html = HtmlReport.Render(await JobReportBuilder.BuildAsync(store, store.Job, ResultGoal.Minimize, _time));

        Assert.Contains("params 100", html);
        Assert.Contains("Distribution of result (the ranked field)", html);
        Assert.DoesNotContain("<image", html);
        Assert.Contains("None: every recorded parameter has a result.", html);
    }

    [Fact]
    public async Task Report_DrawsAHistogramPerNumericField_AndMetricChoosesTheRankedOne()
    {
        var plan = JobPlan.Create(new JobSpec { Computation = "f", Params = 50 });
        var store = new FakeJobStore(plan, p => Result.Record(("loss", 50.0 - p.Index), ("value", (double)p.Index), ("label", "x")));

        var byDefault = await JobReportBuilder.BuildAsync(store, store.Job, ResultGoal.Minimize, _time);
        var byLoss = await JobReportBuilder.BuildAsync(store, store.Job, ResultGoal.Minimize, "loss", _time);
        var html = HtmlReport.Render(byLoss);

        Assert.Equal(["value", "loss"], byDefault.Histograms.Select(h => h.Key));
        Assert.Equal((0L, 49L), (byDefault.Summary.BestIndex!.Value, byLoss.Summary.BestIndex!.Value));
        Assert.Contains("Distribution of loss (the ranked field)", html);
        Assert.Contains("Distribution of value</h2>", html);
        Assert.DoesNotContain("Distribution of label", html);
        Assert.Contains("<th>ranked field</th><td>loss</td>", html);
    }

    [Fact]
    public async Task ReportOfOnlyFailures_HasNoHistogram()
    {
        var plan = JobPlan.Create(new JobSpec { Computation = "f", Params = 150, ChunkSize = 40 });
        var store = new FakeJobStore(plan, _ => null);

        var report = await JobReportBuilder.BuildAsync(store, store.Job, ResultGoal.Minimize, _time);
        var html = HtmlReport.Render(report);

        Assert.Null(report.Histogram);
        Assert.Contains("no numeric results", html);
        Assert.Contains("… and 50 more", html);
    }

    [Fact]
    public async Task WriteFile_ReplacesTheFile_AndLeavesNoTemporary()
    {
        var plan = JobPlan.Create(new JobSpec { Computation = "f", Params = 3 });
        var store = new FakeJobStore(plan, p => p.Index);
        var path = _dir.File("report.html", "old");

        await HtmlReport.WriteFileAsync(await JobReportBuilder.BuildAsync(store, store.Job, ResultGoal.Minimize, _time), path);

        Assert.StartsWith("<!DOCTYPE html>", await File.ReadAllTextAsync(path));
        Assert.Single(Directory.GetFiles(_dir.Path));
    }

    [Fact]
    public void Png_HasValidChunks_AndTheGivenPixels()
    {
        byte[] rgb = [255, 0, 0, 0, 255, 0, 0, 0, 255, 1, 2, 3];

        var png = PngEncoder.Encode(2, 2, rgb);

        Assert.Equal(new byte[] { 0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a }, png[..8]);
        Assert.Equal((2, 2), (BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(16)), BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(20))));
        var idatLength = BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(33));
        Assert.Equal("IDAT", System.Text.Encoding.ASCII.GetString(png, 37, 4));
        var data = png.AsSpan(41, idatLength);
        Assert.Equal(BinaryPrimitives.ReadUInt32BigEndian(png.AsSpan(41 + idatLength)), PngEncoder.Crc("IDAT"u8, data));
        using var inflated = new MemoryStream();
        using (var zlib = new ZLibStream(new MemoryStream(data.ToArray()), CompressionMode.Decompress))
        {
            zlib.CopyTo(inflated);
        }

        Assert.Equal(new byte[] { 0, 255, 0, 0, 0, 255, 0, 0, 0, 0, 255, 1, 2, 3 }, inflated.ToArray());
        Assert.Equal(0xCBF43926u, PngEncoder.Crc("123456789"u8, []));
    }

    [GeneratedRegex(@"(src|href)=""(?!data:|#)|url\((?!#)|@import|https?://", RegexOptions.IgnoreCase)]
    private static partial Regex ExternalReference();
}
