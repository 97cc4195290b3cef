using Monitor.Core.References;
using Monitor.Registry.Client;
using Monitor.Registry.Configuration;
using Monitor.Registry.Manifests;
using Monitor.Registry.Observability;
using Monitor.Registry.Vendors;

namespace Monitor.Registry.Quay;

/// <summary>
/// A Quay tag's history from the tag API with <c>specificTag</c> and <c>onlyActiveTags=false</c>: every assignment of the
/// tag, dead ones included, 100 per page while <c>has_additional</c>. Each assignment's <c>start_ts</c> is when the tag
/// began to point at its manifest. A tag whose newest assignment has ended was deleted: not found.
/// </summary>
internal sealed class QuayTagHistory(QuayTagPages pages, RegistrySettings settings, TimeProvider time) : ITagHistorySource
{
    public const string Source = "quay";

    public RegistryKind Kind => RegistryKind.Quay;

    public async Task<TagHistoryResult> ReadAsync(TagReference tag, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(tag);
        if (!settings.Options.Quay.Enabled || QuayTagPages.Split(tag.Repository) is not { } split)
        {
            return new TagHistoryResult.NotSupported(tag);
        }

        var what = $"GET Quay tag history of {tag}";
        var assignments = new List<QuayTag>();
        for (var page = 1; ; page++)
        {
            var (read, _) = await pages.ReadAsync(tag.Registry, split.Namespace, split.Name, activeOnly: false, tag.Tag, page, cancellationToken);
            if (read.IsNotFound)
            {
                return new TagHistoryResult.NotFound(tag);
            }

            if (read.Failure is { } failure)
            {
                return new TagHistoryResult.Failed(tag, failure);
            }

            assignments.AddRange((read.Value!.Tags ?? []).OfType<QuayTag>().Where(t => t.Name == tag.Tag));
            if (!read.Value.HasAdditional)
            {
                return Build(tag, assignments, what);
            }

            if (page >= settings.Options.MaxHistoryPages)
            {
                return Invalid(tag, what, $"the history does not end (more than {settings.Options.MaxHistoryPages} pages)");
            }
        }
    }

    private TagHistoryResult Build(TagReference tag, List<QuayTag> assignments, string what)
    {
        var now = time.GetUtcNow();
        var entries = new List<(TagHistoryEntry Entry, bool Active)>();
        foreach (var assignment in assignments)
        {
            if (!Sha256Digest.TryParse(assignment.ManifestDigest, out var digest))
            {
                return Invalid(tag, what, $"an entry's manifest_digest is not sha256:<64 lowercase hex> ({ManifestDocument.Describe(assignment.ManifestDigest)})");
            }

            if (assignment.StartTs is null)
            {
                // Quay leaves start_ts out when it does not know it: such an assignment cannot be placed in time.
                continue;
            }

            if (RegistryTimes.FromUnixSeconds(assignment.StartTs, now) is not { } since)
            {
                return Invalid(tag, what, $"the entry of {digest} starts at an impossible time (start_ts {assignment.StartTs}: placeholder or in the future)");
            }

            entries.Add((new TagHistoryEntry(digest, since), assignment.EndTs is not { } end || end > now.ToUnixTimeSeconds()));
        }

        var newest = entries.Count == 0 ? default : entries.MaxBy(e => e.Entry.Since);
        if (entries.Count == 0 || (!newest.Active && !entries.Any(e => e.Active)))
        {
            return new TagHistoryResult.NotFound(tag);
        }

        return newest.Active
            ? TagHistoryBuilder.Build(tag, entries.Select(e => e.Entry), Source)
            : Invalid(tag, what, "the newest assignment has ended while an older one is still active");
    }

    private static TagHistoryResult.Failed Invalid(TagReference tag, string what, string reason) =>
        new(tag, new RegistryFailure(RegistryRequestOutcome.InvalidResponse, $"{what}: {reason}"));
}
