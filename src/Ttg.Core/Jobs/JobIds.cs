using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Ttg.Jobs;

/// <summary>Makes job ids that a person can read and type: <c>square-20261128-1603-k3f9</c>.</summary>
public static class JobIds
{
    private const string Alphabet = "abcdefghijkmnpqrstuvwxyz23456789";

    /// <summary>
    /// A new id: the computation's name (lower case, at most 24 characters of <c>a-z0-9-</c>), the UTC minute of
    /// creation and four random characters, so ids sort by time and collide with negligible probability.
    /// </summary>
    public static string New(string computation, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(time);
        var prefix = new StringBuilder();
        foreach (var c in (computation ?? string.Empty).ToLowerInvariant())
        {
            if (prefix.Length == 24)
            {
                break;
            }

            prefix.Append(c is (>= 'a' and <= 'z') or (>= '0' and <= '9') or '-' ? c : '-');
        }

        var name = prefix.ToString().Trim('-');
        if (name.Length == 0)
        {
            name = "job";
        }

        Span<char> suffix = stackalloc char[4];
        for (var i = 0; i < suffix.Length; i++)
        {
            suffix[i] = Alphabet[RandomNumberGenerator.GetInt32(Alphabet.Length)];
        }

        var stamp = time.GetUtcNow().ToString("yyyyMMdd-HHmm", CultureInfo.InvariantCulture);
        return $"{name}-{stamp}-{suffix}";
    }
}
