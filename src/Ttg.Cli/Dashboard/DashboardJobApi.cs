using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Ttg.WorkQueue;
using HttpResults = Microsoft.AspNetCore.Http.Results;

namespace Ttg.Cli.Dashboard;

/// <summary>
/// The JSON a job page polls (the job, its workers, its history) and its controls: pause, resume and cancel call the
/// store's admin operations, the same as <c>ttg pause</c>, <c>ttg resume</c> and <c>ttg cancel</c>.
/// </summary>
internal static class DashboardJobApi
{
    /// <summary>
    /// The header a control request must carry. A browser sends a custom header only from the dashboard's own page
    /// (another site's form or link cannot), so a page elsewhere cannot pause or cancel jobs through a visitor's browser.
    /// </summary>
    public const string ControlHeader = "X-Ttg-Control";

    public static void Map(IEndpointRouteBuilder app, ITtgBackend store, JobSampler sampler)
    {
        app.MapGet("/api/jobs/{id}", async (string id, CancellationToken ct) =>
            await sampler.ReadJobAsync(id, ct).ConfigureAwait(false) is { } sample ? HttpResults.Json(JobView.Of(sample)) : NoSuchJob(store, id));

        app.MapGet("/api/jobs/{id}/workers", async (string id, CancellationToken ct) =>
            await sampler.ReadJobAsync(id, ct).ConfigureAwait(false) is { } sample
                ? HttpResults.Json(sample.Workers.OrderByDescending(w => w.Alive).ThenBy(w => w.WorkerId, StringComparer.Ordinal))
                : NoSuchJob(store, id));

        // A job submitted since the sampler's last read has no history yet, but it exists: its page gets an empty
        // chart, not a 404 (which the browser logs as an error).
        app.MapGet("/api/jobs/{id}/history", async (string id, CancellationToken ct) =>
            sampler.History(id) is { } history ? HttpResults.Json(history.Columns())
            : await store.GetJobAsync(id, ct).ConfigureAwait(false) is not null ? HttpResults.Json(new JobHistory().Columns())
            : NoSuchJob(store, id));

        foreach (var action in (string[])["pause", "resume", "cancel"])
        {
            app.MapPost($"/api/jobs/{{id}}/{action}", (string id, HttpRequest request, CancellationToken ct) => ControlAsync(store, sampler, id, action, request, ct));
        }
    }

    private static async Task<IResult> ControlAsync(ITtgBackend store, JobSampler sampler, string id, string action, HttpRequest request, CancellationToken ct)
    {
        if (!request.Headers.ContainsKey(ControlHeader))
        {
            return HttpResults.Json(new { error = $"a control request needs the {ControlHeader} header; use the dashboard's buttons or ttg {action}" }, statusCode: StatusCodes.Status400BadRequest);
        }

        if (await store.GetJobAsync(id, ct).ConfigureAwait(false) is not { } job)
        {
            return NoSuchJob(store, id);
        }

        var changed = action switch
        {
            "pause" => await store.PauseAsync(id, ct).ConfigureAwait(false),
            "resume" => await store.ResumeAsync(id, ct).ConfigureAwait(false),
            _ => await store.CancelAsync(id, ct).ConfigureAwait(false),
        };
        await sampler.ReadAsync(ct).ConfigureAwait(false); // the list and the metrics show the change at once
        if (!changed)
        {
            var state = job.State.ToString().ToLowerInvariant();
            return HttpResults.Json(new { error = $"job {id} is {state}; it cannot be {Past(action)}" }, statusCode: StatusCodes.Status409Conflict);
        }

        return await sampler.ReadJobAsync(id, ct).ConfigureAwait(false) is { } sample ? HttpResults.Json(JobView.Of(sample)) : NoSuchJob(store, id);
    }

    public static IResult NoSuchJob(ITtgBackend store, string id) =>
        HttpResults.Json(new { error = $"no job '{id}' in {store.Description}" }, statusCode: StatusCodes.Status404NotFound);

    private static string Past(string action) => action switch
    {
        "pause" => "paused (only a running job can)",
        "resume" => "resumed (only a paused job can)",
        _ => "cancelled (it is already finished)",
    };
}
