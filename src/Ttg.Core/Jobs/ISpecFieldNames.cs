namespace Ttg.Jobs;

/// <summary>How a front end names spec fields in the messages it shows (see <see cref="JobSpecException.Render"/>).</summary>
public interface ISpecFieldNames
{
    /// <summary>The field as this front end's users set it, such as <c>--chunk-size</c>.</summary>
    string NameOf(SpecField field);

    /// <summary>The field set to a value as this front end's users write it, such as <c>--chunk-size 100</c>.</summary>
    string SettingOf(SpecSetting setting);
}
