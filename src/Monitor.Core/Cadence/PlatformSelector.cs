using System.Diagnostics.CodeAnalysis;
using Monitor.Core.References;

namespace Monitor.Core.Cadence;

/// <summary>
/// A platform such as <c>linux/amd64</c> or <c>linux/arm/v7</c> whose child digest drives per-platform cadence.
/// Matching ignores case and follows containerd's variant defaults: <c>arm64</c> means <c>arm64/v8</c>,
/// <c>arm</c> means <c>arm/v7</c>.
/// </summary>
public sealed record PlatformSelector
{
    public static PlatformSelector LinuxAmd64 { get; } = new("linux", "amd64", "");

    private PlatformSelector(string os, string architecture, string variant)
    {
        Os = os;
        Architecture = architecture;
        Variant = NormaliseVariant(architecture, variant);
    }

    public string Os { get; }

    public string Architecture { get; }

    /// <summary>Normalised variant; empty when the architecture has none (or only its default).</summary>
    public string Variant { get; }

    /// <summary>Parses <c>os/architecture[/variant]</c>.</summary>
    public static PlatformSelector Parse(string text) =>
        TryParse(text, out var selector)
            ? selector
            : throw new FormatException($"'{text}' is not a platform of the form os/architecture[/variant], e.g. linux/amd64.");

    public static bool TryParse([NotNullWhen(true)] string? text, [NotNullWhen(true)] out PlatformSelector? selector)
    {
        selector = null;
        var parts = text?.Trim().Split('/');
        if (parts is not { Length: 2 or 3 } || Array.Exists(parts, string.IsNullOrWhiteSpace))
        {
            return false;
        }

        selector = new PlatformSelector(parts[0], parts[1], parts.Length == 3 ? parts[2] : "");
        return true;
    }

    public bool Matches(PlatformDigest platform) =>
        string.Equals(platform.Architecture, Architecture, StringComparison.OrdinalIgnoreCase)
        && string.Equals(platform.Os, Os, StringComparison.OrdinalIgnoreCase)
        && string.Equals(NormaliseVariant(platform.Architecture, platform.Variant), Variant, StringComparison.OrdinalIgnoreCase);

    public override string ToString() => Variant.Length == 0 ? $"{Os}/{Architecture}" : $"{Os}/{Architecture}/{Variant}";

    private static string NormaliseVariant(string architecture, string? variant)
    {
        variant ??= "";
        if (string.Equals(architecture, "arm64", StringComparison.OrdinalIgnoreCase))
        {
            return variant is "v8" or "V8" or "8" ? "" : variant;
        }

        if (string.Equals(architecture, "arm", StringComparison.OrdinalIgnoreCase))
        {
            return variant.Length == 0 ? "v7" : variant;
        }

        return variant;
    }
}
