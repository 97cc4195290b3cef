using System.Buffers;
using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography;

namespace Monitor.Core.References;

/// <summary>
/// A content digest in the only form Monitor accepts from a registry: <c>sha256:</c> followed by
/// 64 lowercase hex digits. Anything else a registry sends is treated as an invalid response.
/// </summary>
public sealed record Sha256Digest
{
    public const string Prefix = "sha256:";
    private const int HexLength = 64;
    private static readonly SearchValues<char> LowercaseHexDigits = SearchValues.Create("0123456789abcdef");

    private Sha256Digest(string value) => Value = value;

    /// <summary>The digest as text, e.g. <c>sha256:0123…</c>.</summary>
    public string Value { get; }

    /// <summary>The 64 hex digits without the algorithm prefix.</summary>
    public string Hex => Value[Prefix.Length..];

    public static bool IsValid([NotNullWhen(true)] string? text) =>
        text is { Length: 71 }
        && text.StartsWith(Prefix, StringComparison.Ordinal)
        && IsLowercaseHex(text.AsSpan(Prefix.Length));

    public static bool TryParse([NotNullWhen(true)] string? text, [NotNullWhen(true)] out Sha256Digest? digest)
    {
        digest = IsValid(text) ? new Sha256Digest(text) : null;
        return digest is not null;
    }

    /// <exception cref="FormatException">The text is not <c>sha256:</c> + 64 lowercase hex digits.</exception>
    public static Sha256Digest Parse(string text) =>
        TryParse(text, out var digest)
            ? digest
            : throw new FormatException($"'{Shorten(text)}' is not a digest of the form sha256:<64 lowercase hex digits>");

    /// <summary>The digest of exactly these bytes (what a registry computes for a manifest it stores).</summary>
    public static Sha256Digest Compute(ReadOnlySpan<byte> content) =>
        new(Prefix + Convert.ToHexStringLower(SHA256.HashData(content)));

    public override string ToString() => Value;

    /// <remarks>Vectorised: every revision read back from the database is checked.</remarks>
    internal static bool IsLowercaseHex(ReadOnlySpan<char> hex) => hex.Length == HexLength && !hex.ContainsAnyExcept(LowercaseHexDigits);

    private static string Shorten(string? text) =>
        text is null ? "" : text.Length <= 80 ? text : text[..80] + "…";
}
