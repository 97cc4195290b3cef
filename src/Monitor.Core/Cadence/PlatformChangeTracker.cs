using Monitor.Core.References;

namespace Monitor.Core.Cadence;

/// <summary>
/// Follows one platform's child digest through a tag's revisions: a revision is a rebuild of that platform only
/// when the child digest differs from the one in the previous revision that had the platform.
/// </summary>
/// <param name="platform">The platform to follow.</param>
/// <param name="revisionCount">Sizes the set of seen digests once: it never holds more.</param>
internal sealed class PlatformChangeTracker(PlatformSelector platform, int revisionCount)
{
    private readonly HashSet<Sha256Digest> seenDigests = new(revisionCount);
    private Sha256Digest? currentDigest;

    /// <summary>The revision the platform first appeared in.</summary>
    public RevisionObservation? Reference { get; private set; }

    public bool IsChange(RevisionObservation revision, out bool isRollback)
    {
        isRollback = false;
        var digest = PlatformDigestOf(revision);
        if (digest is null)
        {
            return false;
        }

        if (digest == currentDigest)
        {
            return false;
        }

        var previousDigest = currentDigest;
        currentDigest = digest;
        Reference ??= revision;
        var seenBefore = !seenDigests.Add(digest);

        // The platform's first appearance is its baseline, not a rebuild.
        if (revision.IsBaseline || previousDigest is null)
        {
            return false;
        }

        // A stored rollback flag means the whole index came back, child digests included, even when the
        // earlier revision is not in the loaded history.
        isRollback = seenBefore || revision.IsRollback;
        return true;
    }

    /// <summary>Null when the revision is an index without this platform: it says nothing about it.</summary>
    private Sha256Digest? PlatformDigestOf(RevisionObservation revision)
    {
        var platforms = revision.Platforms;
        if (platforms.Count == 0)
        {
            // A single-arch manifest: its digest is the image itself.
            return revision.Digest;
        }

        // Indexed, not foreach: foreach over the interface allocates an enumerator per revision.
        for (var i = 0; i < platforms.Count; i++)
        {
            if (platform.Matches(platforms[i]))
            {
                return platforms[i].Digest;
            }
        }

        return null;
    }
}
