using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;

namespace Ttg.Cli.Hosting;

/// <summary>
/// Prometheus <c>/metrics</c> on a Kestrel host, written by OpenTelemetry's exporter from the named meters. The
/// exporter follows the OpenTelemetry-to-Prometheus rules: a counter gains <c>_total</c>, a unit of <c>s</c> gains
/// <c>_seconds</c>, a histogram is written as <c>_bucket</c>, <c>_sum</c> and <c>_count</c>; so each instrument is
/// one series family, named once.
/// </summary>
internal static class PrometheusExport
{
    /// <summary>Registers the exporter for <paramref name="meters"/>, as <paramref name="service"/> in <c>target_info</c>.</summary>
    public static void AddPrometheusMetrics(this IServiceCollection services, string service, params string[] meters) =>
        services.AddOpenTelemetry().ConfigureResource(r => r.AddService(service)).WithMetrics(metrics => metrics
            .AddMeter(meters)
            .AddPrometheusExporter(o =>
            {
                // A scrape sees the values of that moment: Prometheus already spaces its scrapes.
                o.ScrapeResponseCacheDurationMilliseconds = 0;
            }));

    /// <summary>Serves the registered meters at <c>/metrics</c>.</summary>
    public static void MapMetrics(this WebApplication app) => app.MapPrometheusScrapingEndpoint("/metrics");
}
