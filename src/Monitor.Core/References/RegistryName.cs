using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Monitor.Core.References;

/// <summary>
/// The one spelling of a registry's name (host and optional port) that Monitor stores, compares and allowlists.
/// Host names are ASCII (internationalised names in their punycode form, which must decode), lowercase, without a
/// trailing dot; an IPv4 address is a dotted quad of decimal numbers; an IPv6 address is bracketed in its RFC 5952 form,
/// an IPv4-mapped one written as its IPv4 address; the port is a decimal number from 1 to 65535 without leading zeros and
/// stays part of the name (<c>gcr.io:443</c> is not <c>gcr.io</c>). Anything that a resolver or URI parser could read as
/// another address (<c>0x7f.0.0.1</c>, <c>2130706433</c>, <c>127.1</c>) is refused rather than guessed.
/// </summary>
public static class RegistryName
{
    private const int MaxLabelLength = 63;
    private const int MaxHostLength = 253;
    private const string Punycode = "xn--";

    /// <summary>The canonical form of <paramref name="registry"/>, or why it is not a registry name (the message quotes it).</summary>
    public static bool TryCanonicalise(string registry, [NotNullWhen(true)] out string? canonical, [NotNullWhen(false)] out string? error)
    {
        ArgumentNullException.ThrowIfNull(registry);
        canonical = null;
        if (!Ascii.IsValid(registry))
        {
            error = $"registry host ({registry}) is not ASCII: write an internationalised name in its punycode form (xn--…)";
            return false;
        }

        if (!ImageReferenceGrammar.IsValidDomain(registry))
        {
            error = $"registry host ({registry}) is invalid: expected a DNS name, IPv4 address or [IPv6] address with an optional :port";
            return false;
        }

        var (host, port) = Split(registry);
        error = CanonicalHost(host, out var canonicalHost);
        var canonicalPort = "";
        error ??= CanonicalPort(registry, port, out canonicalPort);
        if (error is not null)
        {
            return false;
        }

        canonical = canonicalHost + canonicalPort;
        return true;
    }

    /// <summary>The host of a registry name, without brackets or port: <c>ghcr.io</c>, <c>127.0.0.1</c>, <c>::1</c>.</summary>
    public static string Host(string registry)
    {
        ArgumentNullException.ThrowIfNull(registry);
        var host = Split(registry).Host;
        return host.StartsWith('[') && host.EndsWith(']') ? host[1..^1] : host;
    }

    /// <summary>Host (an IPv6 address with its brackets) and port text (null when none); the port follows the last ':' outside brackets.</summary>
    private static (string Host, string? Port) Split(string registry)
    {
        var close = registry.LastIndexOf(']');
        var colon = registry.LastIndexOf(':');
        return colon > close ? (registry[..colon], registry[(colon + 1)..]) : (registry, null);
    }

    private static string? CanonicalHost(string host, out string canonical)
    {
        canonical = "";
        if (host.StartsWith('['))
        {
            return CanonicalIpv6(host, out canonical);
        }

        var lower = host.ToLowerInvariant();
        var labels = lower.Split('.');
        if (IsNumeric(labels[^1]))
        {
            // Resolvers and URI parsers read any host ending in a number as an IPv4 address, in hex, octal or fewer parts.
            if (labels.Length != 4 || !labels.All(IsDecimalOctet))
            {
                return $"registry host ({host}) reads as an IPv4 address: write it as four decimal numbers from 0 to 255 without leading zeros, e.g. 127.0.0.1";
            }

            canonical = lower;
            return null;
        }

        if (lower.Length > MaxHostLength || labels.Any(label => label.Length > MaxLabelLength))
        {
            return $"registry host ({host}) is too long: at most {MaxLabelLength} characters per label and {MaxHostLength} in all";
        }

        if (labels.FirstOrDefault(label => label.StartsWith(Punycode, StringComparison.Ordinal) && !IsPunycode(label)) is { } bad)
        {
            return $"registry host ({host}) has a label ({bad}) that is not valid punycode";
        }

        canonical = lower;
        return null;
    }

    private static string? CanonicalIpv6(string host, out string canonical)
    {
        canonical = "";
        if (!IPAddress.TryParse(host[1..^1], out var address) || address.AddressFamily != AddressFamily.InterNetworkV6)
        {
            return $"registry host ({host}) is not an IPv6 address";
        }

        if (address.IsIPv4MappedToIPv6)
        {
            canonical = address.MapToIPv4().ToString();
            return null;
        }

        var text = address.ToString();
        if (text.Contains('.', StringComparison.Ordinal))
        {
            // .NET writes the deprecated IPv4-compatible form (::a.b.c.d) with a dotted tail, which the grammar refuses.
            return $"registry host ({host}) is an IPv4-compatible IPv6 address, which is deprecated: write the IPv4 or a native IPv6 address";
        }

        canonical = $"[{text}]";
        return null;
    }

    private static string? CanonicalPort(string registry, string? port, out string canonical)
    {
        canonical = "";
        if (port is null)
        {
            return null;
        }

        var digits = port.TrimStart('0');
        if (digits.Length is 0 or > 5 || int.Parse(digits, CultureInfo.InvariantCulture) > IPEndPoint.MaxPort)
        {
            return $"registry host ({registry}) has an invalid port ({port}): expected 1 to {IPEndPoint.MaxPort}";
        }

        canonical = ":" + digits;
        return null;
    }

    /// <summary>WHATWG URL's "ends in a number": decimal digits, or 0x and hex digits.</summary>
    private static bool IsNumeric(string label) =>
        label.Length > 0 && (label.All(char.IsAsciiDigit) || (label.StartsWith("0x", StringComparison.Ordinal) && label[2..].All(char.IsAsciiHexDigit)));

    private static bool IsDecimalOctet(string label) =>
        label.Length is > 0 and <= 3 && label.All(char.IsAsciiDigit) && (label.Length == 1 || label[0] != '0') &&
        int.Parse(label, CultureInfo.InvariantCulture) <= 255;

    /// <summary>
    /// An A-label that decodes to visible characters, at least one of them not ASCII and none a capital, and encodes back
    /// to itself. The character check stands in for IDNA's: Monitor runs in invariant globalization mode, whose
    /// <see cref="IdnMapping"/> decodes any punycode (<c>xn--a</c> to the control character U+0080) without validating it.
    /// </summary>
    private static bool IsPunycode(string label)
    {
        var idn = new IdnMapping { UseStd3AsciiRules = true };
        string unicode;
        try
        {
            unicode = idn.GetUnicode(label);
        }
        catch (ArgumentException)
        {
            return false;
        }

        return !Ascii.IsValid(unicode) && unicode.EnumerateRunes().All(IsVisibleLowercase) &&
            string.Equals(idn.GetAscii(unicode), label, StringComparison.Ordinal);
    }

    private static bool IsVisibleLowercase(Rune rune) => Rune.GetUnicodeCategory(rune) is not (
        UnicodeCategory.Control or UnicodeCategory.Format or UnicodeCategory.Surrogate or UnicodeCategory.PrivateUse or
        UnicodeCategory.OtherNotAssigned or UnicodeCategory.SpaceSeparator or UnicodeCategory.LineSeparator or
        UnicodeCategory.ParagraphSeparator or UnicodeCategory.UppercaseLetter or UnicodeCategory.TitlecaseLetter);
}
