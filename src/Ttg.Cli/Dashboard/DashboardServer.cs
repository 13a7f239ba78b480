using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Ttg.Cli.Hosting;
using Ttg.Reports;
using Ttg.Results;
using Ttg.Cli.Rendering;
using Ttg.WorkQueue;
using HttpResults = Microsoft.AspNetCore.Http.Results;

namespace Ttg.Cli.Dashboard;

/// <summary>
/// The web dashboard over one store: a live page of every job, a page per job (progress chart, workers, controls,
/// results so far), the same data as JSON for scripts, per job its HTML report and a CSV download (streamed, never staged in a file), and Prometheus <c>/metrics</c> of every
/// job's state (<see cref="JobMetrics"/>). With <c>metricsOnly</c> it serves <c>/metrics</c> and <c>/healthz</c> alone.
/// </summary>
internal static class DashboardServer
{
    /// <summary>Builds the web application on <paramref name="url"/> (such as http://127.0.0.1:8080).</summary>
    public static WebApplication Build(ITtgBackend store, string url, TimeProvider time, bool metricsOnly = false)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders(); // the command prints its own one line; request logs would drown it
        builder.WebHost.UseUrls(url);
        builder.Services.AddSingleton(store);
        builder.Services.AddSingleton(time);
        builder.Services.AddSingleton<JobSampler>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<JobSampler>());
        builder.Services.AddSingleton<JobMetrics>();
        builder.Services.AddPrometheusMetrics("ttg-dashboard", JobMetrics.MeterName);
        var app = builder.Build();
        _ = app.Services.GetRequiredService<JobMetrics>(); // its meter must exist before the first scrape
        var sampler = app.Services.GetRequiredService<JobSampler>();
        app.MapMetrics();

        // A store that fails (damaged, disk full, server gone) answers one line as JSON, never a stack trace.
        app.Use(async (context, next) =>
        {
            try
            {
                await next(context).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is not OperationCanceledException && !context.Response.HasStarted)
            {
                var (message, code) = TtgCommandLine.Describe(ex, store.Description);
                context.Response.Clear();
                context.Response.StatusCode = code == ExitCodes.BadInput ? StatusCodes.Status400BadRequest : StatusCodes.Status503ServiceUnavailable;
                await context.Response.WriteAsJsonAsync(new { error = message }).ConfigureAwait(false);
            }
        });

        // For probes: answers without touching the store, so a slow store never restarts the dashboard.
        app.MapGet("/healthz", () => HttpResults.Text("ok"));
        if (metricsOnly)
        {
            return app;
        }

        app.MapGet("/", () => HttpResults.Content(DashboardAssets.Page("jobs.html", store.Description), "text/html; charset=utf-8"));
        app.MapGet("/jobs/{id}", () => HttpResults.Content(DashboardAssets.Page("job.html", store.Description), "text/html; charset=utf-8"));
        app.MapGet("/assets/{name}", (string name) =>
            DashboardAssets.Find(name) is { } file ? HttpResults.Bytes(file.Content, file.ContentType) : HttpResults.NotFound());

        app.MapGet("/api/jobs", async (CancellationToken ct) =>
        {
            await sampler.FirstReadAsync(ct).ConfigureAwait(false);
            if (sampler.LastFailure is { } failure)
            {
                throw failure; // answered as one line by the error middleware above
            }

            return HttpResults.Json(new { store = store.Description, jobs = sampler.Latest.Select(JobView.Of) });
        });

        DashboardJobApi.Map(app, store, sampler);

        // ?metric=FIELD ranks that result field (default: result, or value, else the first numeric field).
        app.MapGet("/jobs/{id}/report", async (string id, string? metric, CancellationToken ct) =>
        {
            if (await store.GetJobAsync(id, ct).ConfigureAwait(false) is not { } job)
            {
                return DashboardJobApi.NoSuchJob(store, id);
            }

            var report = await JobReportBuilder.BuildAsync(store, job, ResultGoal.Minimize, metric, time, ct).ConfigureAwait(false);
            return HttpResults.Content(HtmlReport.Render(report), "text/html; charset=utf-8");
        });

        app.MapGet("/jobs/{id}/results.csv", async (string id, HttpContext http, CancellationToken ct) =>
        {
            if (await store.GetJobAsync(id, ct).ConfigureAwait(false) is not { } job)
            {
                return DashboardJobApi.NoSuchJob(store, id);
            }

            // Read (and decoded) before the first byte is sent, so a damaged store still answers one error line;
            // then the rows stream straight into the response, with no file on the dashboard's disk.
            var results = await JobResults.ReadAsync(store, job, ct).ConfigureAwait(false);
            http.Response.ContentType = "text/csv; charset=utf-8";
            http.Response.Headers.ContentDisposition = $"attachment; filename=\"{id}.csv\"";
            await results.ExportAsync(http.Response.Body, ExportFormat.Csv, ct).ConfigureAwait(false);
            return HttpResults.Empty;
        });

        return app;
    }
}
