using System.Globalization;

namespace Ttg.Jobs;

/// <summary>
/// A job spec (flags or spec file) is invalid. The message is one line for a user: it names the problem and the fix,
/// for example <c>chunkSize must be at least 1 (got 0); pass chunkSize: 100 or leave it out</c>. A message made by
/// <see cref="About(FormattableString, Exception?)"/> names fields as <see cref="SpecField"/>s, which a front end
/// renders its own way with <see cref="Render"/> (the command line says <c>--chunk-size</c>).
/// </summary>
public sealed class JobSpecException : Exception
{
    private readonly FormattableString? _template;

    /// <summary>Creates the exception with a user-facing message.</summary>
    public JobSpecException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a user-facing message and its cause.</summary>
    public JobSpecException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    private JobSpecException(FormattableString template, Exception? innerException)
        : base(Format(template, SpecFileNames.Instance), innerException)
    {
        _template = template;
    }

    /// <summary>
    /// An exception whose message names spec fields: interpolated <see cref="SpecField"/> and <see cref="SpecSetting"/>
    /// values are rendered as spec files spell them in <see cref="Exception.Message"/>, and by <see cref="Render"/> as a
    /// front end names them; every other value is formatted with the invariant culture.
    /// </summary>
    public static JobSpecException About(FormattableString message, Exception? innerException = null)
    {
        ArgumentNullException.ThrowIfNull(message);
        return new JobSpecException(message, innerException);
    }

    /// <summary>The message with its spec fields named by <paramref name="names"/>; <see cref="Exception.Message"/> when it names no field.</summary>
    public string Render(ISpecFieldNames names)
    {
        ArgumentNullException.ThrowIfNull(names);
        return _template is null ? Message : Format(_template, names);
    }

    private static string Format(FormattableString template, ISpecFieldNames names) =>
        string.Format(CultureInfo.InvariantCulture, template.Format, template.GetArguments().Select(argument => argument switch
        {
            SpecField field => names.NameOf(field),
            SpecSetting setting => names.SettingOf(setting),
            _ => argument,
        }).ToArray());

    /// <summary>Fields as spec files spell them: <c>chunkSize</c>, <c>chunkSize: 100</c>.</summary>
    private sealed class SpecFileNames : ISpecFieldNames
    {
        public static readonly SpecFileNames Instance = new();

        public string NameOf(SpecField field) => field.Name;

        public string SettingOf(SpecSetting setting) => setting.ToString();
    }
}
