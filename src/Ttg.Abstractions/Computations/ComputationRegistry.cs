using System.Reflection;

namespace Ttg;

/// <summary>
/// The named computations a process can run. A worker leases only chunks of jobs whose computation is
/// registered here, so every process that runs workers must register the same computations.
/// </summary>
public sealed class ComputationRegistry
{
    private readonly Dictionary<string, ComputationDescriptor> _byName = new(StringComparer.Ordinal);
    private readonly List<ComputationFlag> _flags = [];

    /// <summary>The flags computations contributed, in the order they were added.</summary>
    public IReadOnlyList<ComputationFlag> Flags => _flags;

    /// <summary>The registered names, sorted.</summary>
    public IReadOnlyList<string> Names => [.. _byName.Keys.Order(StringComparer.Ordinal)];

    /// <summary>The registered computations, sorted by name.</summary>
    public IReadOnlyList<ComputationDescriptor> All => [.. _byName.Values.OrderBy(d => d.Name, StringComparer.Ordinal)];

    /// <summary>The version a computation registered without one gets: the entry assembly's version (the user's program), or "0".</summary>
    public static string DefaultVersion { get; } = Assembly.GetEntryAssembly()?.GetName().Version?.ToString() ?? "0";

    /// <summary>Registers a synchronous computation; <paramref name="version"/> defaults to <see cref="DefaultVersion"/>.</summary>
    public ComputationRegistry Add(string name, Func<Parameter, Result> compute, string? description = null, string? version = null)
    {
        ArgumentNullException.ThrowIfNull(compute);
        return AddConfigured(name, _ => (p, _) => ValueTask.FromResult(compute(p)), description, version);
    }

    /// <summary>Registers an asynchronous computation; honour the token so shutdown is prompt. <paramref name="version"/> defaults to <see cref="DefaultVersion"/>.</summary>
    public ComputationRegistry Add(string name, Func<Parameter, CancellationToken, ValueTask<Result>> compute, string? description = null, string? version = null)
    {
        ArgumentNullException.ThrowIfNull(compute);
        return AddConfigured(name, _ => new ComputeAsync(compute), description, version);
    }

    /// <summary>
    /// Registers a computation that sets itself up once per job (reads arguments, loads data) and returns
    /// the per-parameter function. Change <paramref name="version"/> (default <see cref="DefaultVersion"/>) when its
    /// results change, so <c>--reuse</c> never copies results of another version.
    /// </summary>
    /// <exception cref="ArgumentException">The name is empty, has whitespace, or is already registered.</exception>
    public ComputationRegistry AddConfigured(string name, Func<ComputationContext, ComputeAsync> create, string? description = null, string? version = null)
    {
        ArgumentNullException.ThrowIfNull(create);
        if (string.IsNullOrWhiteSpace(name) || name.Any(char.IsWhiteSpace))
        {
            throw new ArgumentException($"Computation name '{name}' is empty or contains whitespace; use a name such as 'my-model'.", nameof(name));
        }

        if (!_byName.TryAdd(name, new ComputationDescriptor(name, description ?? string.Empty, create) { Version = string.IsNullOrWhiteSpace(version) ? DefaultVersion : version }))
        {
            throw new ArgumentException($"A computation named '{name}' is already registered; register each name once.", nameof(name));
        }

        return this;
    }

    /// <summary>Offers <paramref name="flag"/> on the job verbs of this program's command line.</summary>
    /// <exception cref="ArgumentException">The flag does not start with <c>--</c>, or is already added.</exception>
    public ComputationRegistry AddFlag(ComputationFlag flag)
    {
        ArgumentNullException.ThrowIfNull(flag);
        if (!flag.Name.StartsWith("--", StringComparison.Ordinal) || flag.Name.Length < 3 || string.IsNullOrWhiteSpace(flag.Argument))
        {
            throw new ArgumentException($"Flag '{flag.Name}' for argument '{flag.Argument}' is not valid; name it like --work-ms and give the argument it sets.", nameof(flag));
        }

        if (_flags.Any(f => f.Name == flag.Name))
        {
            throw new ArgumentException($"A flag named '{flag.Name}' is already added; add each flag once.", nameof(flag));
        }

        _flags.Add(flag);
        return this;
    }

    /// <summary>Finds a computation by name.</summary>
    public bool TryGet(string name, out ComputationDescriptor descriptor)
    {
        if (_byName.TryGetValue(name, out var found))
        {
            descriptor = found;
            return true;
        }

        descriptor = null!;
        return false;
    }

    /// <summary>True when <paramref name="name"/> is registered.</summary>
    public bool Contains(string name) => _byName.ContainsKey(name);
}
