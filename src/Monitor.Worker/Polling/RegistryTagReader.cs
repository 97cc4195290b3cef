using Monitor.Core.Cadence;
using Monitor.Core.References;
using Monitor.Data.Watches;
using Monitor.Registry.Client;
using Monitor.Worker.Cadence;

namespace Monitor.Worker.Polling;

/// <summary>The polling engine's view of registries, over <see cref="IRegistryClient"/>.</summary>
public sealed class RegistryTagReader(IRegistryClient client, CadenceSettings cadence, TimeProvider time) : ITagReader
{
    /// <summary>The platform whose build time an index's <c>created</c> is read from (<c>Cadence:Platform</c>).</summary>
    private readonly PlatformSelector? platform = cadence.ToCadenceOptions().Platform;

    public async Task<IReadOnlyDictionary<long, TagObservation>> ReadAsync(IReadOnlyList<WatchedTagRow> tags, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(tags);
        var references = tags.ToDictionary(tag => tag.Id, tag => tag.Reference.ToImageReference());
        var sentAt = time.GetUtcNow();
        var results = await client.ResolveManyAsync(references.Values.Distinct().ToList(), cancellationToken);

        // The client times every answer; a value without timing gets the whole batch's span, which contains its request's.
        var batch = new RequestTiming(sentAt, time.GetUtcNow());
        return references.ToDictionary(
            pair => pair.Key,
            pair => results.TryGetValue(pair.Value, out var result) ? Observe(result, batch) : new TagObservation.Failed("no answer for this tag"));
    }

    public async Task<DigestDetails> ReadDetailsAsync(WatchedTagRow tag, TagObservation.Found found, bool wantCreated, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(tag);
        ArgumentNullException.ThrowIfNull(found);

        // A single-platform image's config is read for its platform anyway, so its build time comes free; an index's costs
        // two more requests (the chosen child's manifest and config), spent only when asked for.
        var readCreated = wantCreated || !found.IsIndex;
        return await client.GetImageDetailsAsync(tag.Reference.ToImageReference(), found.Digest, platform, readCreated, cancellationToken) switch
        {
            ImageDetailsResult.Found details => new DigestDetails(details.MediaType, details.Platforms, details.Created),
            ImageDetailsResult.NotFound => throw new TagReadException("the manifest vanished between HEAD and GET"),
            ImageDetailsResult.Failed failed => throw new TagReadException($"reading platforms: {failed.Failure}"),
            _ => throw new TagReadException("unexpected image details result"),
        };
    }

    public async Task<IReadOnlyList<string>> ListTagsAsync(ImageReference repository, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(repository);
        return await client.ListTagsAsync(repository, cancellationToken) switch
        {
            TagListResult.Found found => found.Tags,
            TagListResult.NotFound => throw new TagReadException($"{repository.Name} does not exist"),
            TagListResult.Failed failed => throw new TagReadException($"listing tags of {repository.Name}: {failed.Failure}"),
            _ => throw new TagReadException("unexpected tag list result"),
        };
    }

    private static TagObservation Observe(ResolveResult result, RequestTiming batch) => result switch
    {
        ResolveResult.Found found => new TagObservation.Found(found.Digest, found.MediaType, found.Timing ?? batch, found.PushedAt, found.IsIndex),
        ResolveResult.NotFound gone => new TagObservation.Gone(gone.Timing ?? batch),
        ResolveResult.Failed failed => new TagObservation.Failed(failed.Failure.ToString()),
        _ => new TagObservation.Failed("unexpected resolve result"),
    };
}
