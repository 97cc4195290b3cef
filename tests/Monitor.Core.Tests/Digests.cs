using System.Text;
using Monitor.Core.References;

namespace Monitor.Core.Tests;

/// <summary>Readable stand-ins for digests: <c>sha256:a1</c> names the digest of its own text, the same one each time.</summary>
internal static class Digests
{
    public static Sha256Digest Of(string label) =>
        Sha256Digest.TryParse(label, out var digest) ? digest : Sha256Digest.Compute(Encoding.UTF8.GetBytes(label));
}
