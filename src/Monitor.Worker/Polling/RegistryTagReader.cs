using Monitor.Core.References;
using Monitor.Data.Watches;
using Monitor.Registry.Client;

namespace Monitor.Worker.Polling;

/// <summary>The polling engine's view of registries, over <see cref="IRegistryClient"/>.</summary>
public sealed class RegistryTagReader(IRegistryClient client) : ITagReader
{
    public async Task<IReadOnlyDictionary<long, TagObservation>> ReadAsync(IReadOnlyList<WatchedTagRow> tags, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(tags);
        var references = tags.ToDictionary(tag => tag.Id, tag => tag.Reference.ToImageReference());
        var results = await client.ResolveManyAsync(references.Values.Distinct().ToList(), cancellationToken);
        return references.ToDictionary(
            pair => pair.Key,
            pair => results.TryGetValue(pair.Value, out var result) ? Observe(result) : new TagObservation.Failed("no answer for this tag"));
    }

    public async Task<IReadOnlyList<PlatformDigest>> ReadPlatformsAsync(WatchedTagRow tag, Sha256Digest digest, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(tag);
        return await client.GetPlatformsAsync(tag.Reference.ToImageReference(), digest, cancellationToken) switch
        {
            PlatformsResult.Found found => found.Platforms,
            PlatformsResult.NotFound => throw new TagReadException("the manifest vanished between HEAD and GET"),
            PlatformsResult.Failed failed => throw new TagReadException($"reading platforms: {failed.Failure}"),
            _ => throw new TagReadException("unexpected platforms result"),
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

    private static TagObservation Observe(ResolveResult result) => result switch
    {
        ResolveResult.Found found => new TagObservation.Found(found.Digest, found.MediaType, found.PushedAt),
        ResolveResult.NotFound => new TagObservation.Gone(),
        ResolveResult.Failed failed => new TagObservation.Failed(failed.Failure.ToString()),
        _ => new TagObservation.Failed("unexpected resolve result"),
    };
}
