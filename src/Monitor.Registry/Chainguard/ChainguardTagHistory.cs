using System.Globalization;
using Monitor.Core.References;
using Monitor.Registry.Client;
using Monitor.Registry.Configuration;
using Monitor.Registry.Manifests;
using Monitor.Registry.Observability;
using Monitor.Registry.Vendors;

namespace Monitor.Registry.Chainguard;

/// <summary>
/// A cgr.dev tag's history from Chainguard's tag history API, on the registry host with the registry's own token (the
/// token challenge, anonymous for public images). An answer holds at most <see cref="PageLimit"/> entries, oldest first;
/// a full answer is followed by another from its newest entry's time on (<c>start</c>), entries seen twice counted once.
/// </summary>
internal sealed class ChainguardTagHistory(RegistryCaller caller, RegistrySettings settings, TimeProvider time) : ITagHistorySource
{
    public const string Source = "chainguard";

    /// <summary>"The Tag History API will return a maximum of 1000 records on a single request."</summary>
    public const int PageLimit = 1000;

    public RegistryKind Kind => RegistryKind.Chainguard;

    public async Task<TagHistoryResult> ReadAsync(TagReference tag, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(tag);
        var entries = new HashSet<TagHistoryEntry>();
        string? start = null;
        for (var page = 1; ; page++)
        {
            var what = page == 1 ? $"GET Chainguard tag history of {tag}" : $"GET Chainguard tag history of {tag} (page {page})";
            var read = await caller.CallAsync(tag.Registry, HttpMethod.Get, what,
                (api, ct) => api.GetChainguardHistoryAsync(tag.Repository, tag.Tag, start, tag.Registry, ct),
                async (response, ct) => Validate(
                    ChainguardHistoryPage.Parse(await BoundedContent.ReadAsync(response.Content, settings.Options.MaxTagPageBytes, "Chainguard tag history", ct)),
                    time.GetUtcNow()),
                cancellationToken);
            if (read.IsNotFound)
            {
                return new TagHistoryResult.NotFound(tag);
            }

            if (read.Failure is { } failure)
            {
                return new TagHistoryResult.Failed(tag, failure);
            }

            var added = read.Value!.Count(entries.Add);
            if (read.Value!.Count < PageLimit)
            {
                return TagHistoryBuilder.Build(tag, entries, Source);
            }

            if (added == 0 || page >= settings.Options.MaxHistoryPages)
            {
                return new TagHistoryResult.Failed(tag, new RegistryFailure(RegistryRequestOutcome.InvalidResponse,
                    $"{what}: the history does not end (a full page with nothing new, or more than {settings.Options.MaxHistoryPages} pages)"));
            }

            start = read.Value.Max(e => e.Since).UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
        }
    }

    /// <exception cref="InvalidRegistryResponseException">An entry without a sha256 digest or a plausible time.</exception>
    private static List<TagHistoryEntry> Validate(ChainguardHistoryPage page, DateTimeOffset now)
    {
        var entries = new List<TagHistoryEntry>();
        foreach (var entry in page.History ?? throw new InvalidRegistryResponseException("Chainguard tag history has no history array"))
        {
            if (!Sha256Digest.TryParse(entry?.Digest, out var digest))
            {
                throw new InvalidRegistryResponseException($"a history entry's digest is not sha256:<64 lowercase hex> ({ManifestDocument.Describe(entry?.Digest)})");
            }

            entries.Add(new TagHistoryEntry(digest, RegistryTimes.FromText(entry!.UpdateTimestamp, now)
                ?? throw new InvalidRegistryResponseException(
                    $"the history entry of {digest} has an impossible updateTimestamp ({ManifestDocument.Describe(entry.UpdateTimestamp)}: unparseable, a placeholder or in the future)")));
        }

        return entries;
    }
}
