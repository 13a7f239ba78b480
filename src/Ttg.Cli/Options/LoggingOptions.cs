using System.CommandLine;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Console;

namespace Ttg.Cli.Options;

/// <summary><c>--log-level</c> and <c>--log-format</c> (LOG_LEVEL, LOG_FORMAT). Logs go to stderr so stdout stays clean for ids and results.</summary>
internal sealed class LoggingOptions
{
    public Option<string?> Level { get; } = new("--log-level")
    {
        Description = "DEBUG, INFO, WARNING or ERROR (default INFO, or LOG_LEVEL)",
        HelpName = "LEVEL",
    };

    public Option<string?> Format { get; } = new("--log-format")
    {
        Description = "text or json (default text, or LOG_FORMAT)",
        HelpName = "FORMAT",
    };

    public void AddTo(Command command)
    {
        command.Options.Add(Level);
        command.Options.Add(Format);
    }

    public ILoggerFactory CreateFactory(ParseResult parse, LogLevel fallback = LogLevel.Information)
    {
        var levelText = parse.GetValue(Level) ?? EnvironmentVariables.Get("LOG_LEVEL");
        var level = levelText is null ? fallback : ParseLevel(levelText);
        var format = (parse.GetValue(Format) ?? EnvironmentVariables.Get("LOG_FORMAT") ?? "text").ToLowerInvariant();
        if (format is not ("text" or "json"))
        {
            throw new CliException($"Log format '{format}' is unknown; pass --log-format text or --log-format json.", ExitCodes.BadInput);
        }

        return LoggerFactory.Create(builder =>
        {
            builder.SetMinimumLevel(level);
            builder.AddConsole(o => o.LogToStandardErrorThreshold = LogLevel.Trace);
            if (format == "json")
            {
                builder.AddJsonConsole(o =>
                {
                    o.TimestampFormat = "yyyy-MM-ddTHH:mm:ss.fffZ";
                    o.UseUtcTimestamp = true;
                });
            }
            else
            {
                builder.AddSimpleConsole(o =>
                {
                    o.SingleLine = true;
                    o.TimestampFormat = "HH:mm:ss.fff ";
                    o.UseUtcTimestamp = true;
                    o.ColorBehavior = LoggerColorBehavior.Disabled;
                });
            }
        });
    }

    private static LogLevel ParseLevel(string text) => text.ToUpperInvariant() switch
    {
        "TRACE" => LogLevel.Trace,
        "DEBUG" => LogLevel.Debug,
        "INFO" or "INFORMATION" => LogLevel.Information,
        "WARN" or "WARNING" => LogLevel.Warning,
        "ERROR" => LogLevel.Error,
        "CRITICAL" or "NONE" => LogLevel.Critical,
        _ => throw new CliException($"Log level '{text}' is unknown; pass DEBUG, INFO, WARNING or ERROR.", ExitCodes.BadInput),
    };
}
