using System.CommandLine;
using Microsoft.Extensions.Logging;
using Ttg.Redis;
using Ttg.Sqlite;
using Ttg.WorkQueue;

namespace Ttg.Cli.Options;

/// <summary>
/// <c>--store PATH</c> (embedded SQLite, the default) or <c>--redis URL</c> (the distributed engine), with the
/// environment as fallback: REDIS_URL, then QUEUE_MODE/REDIS_HOST/REDIS_PORT/REDIS_PASSWORD, then TTG_STORE.
/// </summary>
internal sealed class BackendOptions(CliServices? services = null)
{
    public Option<string?> Store { get; } = new("--store")
    {
        Description = "SQLite store file (default ./ttg.db, or TTG_STORE)",
        HelpName = "PATH",
    };

    public Option<string?> Redis { get; } = new("--redis")
    {
        Description = "Redis URL redis://[user:password@]host:port[/db] or rediss:// (or REDIS_URL / REDIS_HOST)",
        HelpName = "URL",
    };

    public void AddTo(Command command)
    {
        command.Options.Add(Store);
        command.Options.Add(Redis);
    }

    /// <summary>Which backend the flags and environment select, without opening it.</summary>
    public BackendChoice Resolve(ParseResult parse)
    {
        var store = parse.GetValue(Store);
        var redis = parse.GetValue(Redis);
        if (store is not null && redis is not null)
        {
            throw new CliException("Both --store and --redis were given; pass one: --store for one machine, --redis for many.", ExitCodes.BadInput);
        }

        if (redis is not null)
        {
            return BackendChoice.ForRedis(redis, "--redis", "the --redis URL");
        }

        if (store is not null)
        {
            return BackendChoice.ForSqlite(store);
        }

        if (EnvironmentVariables.Get("REDIS_URL") is { } url)
        {
            return BackendChoice.ForRedis(url, "REDIS_URL", "the REDIS_URL URL") with { FromEnvironment = true };
        }

        var queueMode = string.Equals(EnvironmentVariables.Get("QUEUE_MODE"), "true", StringComparison.OrdinalIgnoreCase);
        var host = EnvironmentVariables.Get("REDIS_HOST");
        if (queueMode || host is not null)
        {
            var port = EnvironmentVariables.GetInt64("REDIS_PORT") ?? 6379;
            var password = EnvironmentVariables.Get("REDIS_PASSWORD");
            var auth = password is null ? string.Empty : $":{Uri.EscapeDataString(password)}@";
            return BackendChoice.ForRedis($"redis://{auth}{host ?? "ttg-redis"}:{port}", "REDIS_HOST", "REDIS_PASSWORD") with { FromEnvironment = true };
        }

        return BackendChoice.ForSqlite(EnvironmentVariables.Get("TTG_STORE") ?? "ttg.db");
    }

    private static RedisBackendOptions RedisOptions(BackendChoice choice)
    {
        var ca = EnvironmentVariables.Get("TTG_REDIS_CA");
        if (ca is not null && !File.Exists(ca))
        {
            throw new CliException($"TTG_REDIS_CA is {ca}, which does not exist; set it to the PEM file of the CA that signed the Redis server's certificate, or unset it.", ExitCodes.BadInput);
        }

        return new RedisBackendOptions { Url = choice.Location, TrustedCaFile = ca, PasswordSource = choice.PasswordSource };
    }

    private static SqliteBackendOptions SqliteOptions(string path)
    {
        var options = new SqliteBackendOptions { Path = path };
        if (EnvironmentVariables.GetInt64("TTG_SQLITE_BUSY_TIMEOUT") is { } seconds)
        {
            options.BusyTimeout = TimeSpan.FromSeconds(seconds);
        }

        return options;
    }

    /// <summary>Opens the selected backend; store problems become a one-line <see cref="CliException"/>.</summary>
    public async Task<ITtgBackend> OpenAsync(ParseResult parse, ILoggerFactory loggerFactory, CancellationToken cancellationToken)
    {
        var choice = Resolve(parse);
        if (services is not null)
        {
            services.Backend = choice;
        }

        try
        {
            return choice.IsRedis
                ? await RedisBackend.ConnectAsync(RedisOptions(choice), TimeProvider.System, loggerFactory, cancellationToken).ConfigureAwait(false)
                : await SqliteBackend.OpenAsync(SqliteOptions(choice.Location), TimeProvider.System, loggerFactory, cancellationToken).ConfigureAwait(false);
        }
        catch (BackendException ex)
        {
            throw new CliException(ex.Message, ExitCodes.BackendUnavailable);
        }
    }
}
