using Monitor.Core.References;

namespace Monitor.Registry.Client;

/// <summary>All tags of a repository, every page followed.</summary>
public abstract record TagListResult(ImageReference Repository)
{
    /// <remarks>
    /// <c>Pages</c>: How many <c>/tags/list</c> requests it took.<br/>
    /// </remarks>
    public sealed record Found(ImageReference Repository, IReadOnlyList<string> Tags, int Pages) : TagListResult(Repository);

    /// <summary>The repository does not exist.</summary>
    public sealed record NotFound(ImageReference Repository) : TagListResult(Repository);

    public sealed record Failed(ImageReference Repository, RegistryFailure Failure) : TagListResult(Repository);
}
