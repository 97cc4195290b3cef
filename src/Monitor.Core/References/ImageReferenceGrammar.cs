using System.Text.RegularExpressions;

namespace Monitor.Core.References;

/// <summary>
/// The regular expressions of github.com/distribution/reference (regexp.go), in .NET syntax:
/// explicit ASCII classes instead of <c>\w</c>/<c>\d</c> (which are Unicode-aware in .NET), <c>\z</c>
/// instead of <c>$</c> (which also matches before a trailing newline), and the non-backtracking
/// engine so hostile input cannot make matching slow.
/// </summary>
internal static partial class ImageReferenceGrammar
{
    private const RegexOptions Options = RegexOptions.CultureInvariant | RegexOptions.NonBacktracking;

    private const string DomainNameComponent = "(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])";
    private const string DomainName = DomainNameComponent + @"(?:\." + DomainNameComponent + ")*";
    private const string Ipv6Address = @"\[(?:[a-fA-F0-9:]+)\]";
    private const string DomainAndPort = "(?:" + DomainName + "|" + Ipv6Address + ")(?::[0-9]+)?";
    private const string PathComponent = "[a-z0-9]+(?:(?:[._]|__|[-]+)[a-z0-9]+)*";
    private const string Tag = "[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}";
    private const string DigestAlgorithm = "[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*";
    private const string Digest = DigestAlgorithm + ":[0-9a-fA-F]{32,}";

    public static bool IsValidDomain(string text) => DomainRegex().IsMatch(text);

    public static bool IsValidPathComponent(string text) => PathComponentRegex().IsMatch(text);

    public static bool IsValidTag(string text) => TagRegex().IsMatch(text);

    public static bool IsWellFormedDigest(string text) => DigestRegex().IsMatch(text);

    /// <summary>64 lowercase hex digits: an image ID, which Docker refuses as a repository name.</summary>
    public static bool IsIdentifier(string text) => IdentifierRegex().IsMatch(text);

    [GeneratedRegex(@"\A" + DomainAndPort + @"\z", Options)]
    private static partial Regex DomainRegex();

    [GeneratedRegex(@"\A" + PathComponent + @"\z", Options)]
    private static partial Regex PathComponentRegex();

    [GeneratedRegex(@"\A" + Tag + @"\z", Options)]
    private static partial Regex TagRegex();

    [GeneratedRegex(@"\A" + Digest + @"\z", Options)]
    private static partial Regex DigestRegex();

    [GeneratedRegex(@"\A[a-f0-9]{64}\z", Options)]
    private static partial Regex IdentifierRegex();
}
