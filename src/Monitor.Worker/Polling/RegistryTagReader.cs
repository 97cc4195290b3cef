using Monitor.Core.References;
using Monitor.Data.History;
using Monitor.Registry.Client;

namespace Monitor.Worker.Polling;

/// <summary>The polling engine's view of registries, over <see cref="IRegistryClient"/>.</summary>
public sealed class RegistryTagReader(IRegistryClient client) : ITagReader
{
    public async Task<IReadOnlyDictionary<long, TagObservation>> ReadAsync(IReadOnlyList<PolledTag> tags, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(tags);
        var references = tags.ToDictionary(tag => tag.Id, Reference);
        var results = await client.ResolveManyAsync(references.Values.Distinct().ToList(), cancellationToken);
        return references.ToDictionary(
            pair => pair.Key,
            pair => results.TryGetValue(pair.Value, out var result) ? Observe(result) : new TagObservation.Failed("no answer for this tag"));
    }

    public async Task<IReadOnlyList<PlatformDigest>> ReadPlatformsAsync(PolledTag tag, string digest, string mediaType, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(tag);
        return await client.GetPlatformsAsync(Reference(tag), Sha256Digest.Parse(digest), cancellationToken) switch
        {
            PlatformsResult.Found found => found.Platforms
                .Select(p => new PlatformDigest(p.Os, p.Architecture, p.Variant ?? "", p.Digest.Value))
                .ToList(),
            PlatformsResult.NotFound => throw new TagReadException("the manifest vanished between HEAD and GET"),
            PlatformsResult.Failed failed => throw new TagReadException($"reading platforms: {failed.Failure}"),
            _ => throw new TagReadException("unexpected platforms result"),
        };
    }

    public async Task<IReadOnlyList<string>> ListTagsAsync(string registry, string repository, CancellationToken cancellationToken)
    {
        var reference = ImageReference.Parse($"{registry}/{repository}");
        return await client.ListTagsAsync(reference, cancellationToken) switch
        {
            TagListResult.Found found => found.Tags,
            TagListResult.NotFound => throw new TagReadException($"{reference.Name} does not exist"),
            TagListResult.Failed failed => throw new TagReadException($"listing tags of {reference.Name}: {failed.Failure}"),
            _ => throw new TagReadException("unexpected tag list result"),
        };
    }

    private static ImageReference Reference(PolledTag tag) => ImageReference.Parse(tag.Canonical);

    private static TagObservation Observe(ResolveResult result) => result switch
    {
        ResolveResult.Found found => new TagObservation.Found(found.Digest.Value, found.MediaType, found.PushedAt),
        ResolveResult.NotFound => new TagObservation.Gone(),
        ResolveResult.Failed failed => new TagObservation.Failed(failed.Failure.ToString()),
        _ => new TagObservation.Failed("unexpected resolve result"),
    };
}
