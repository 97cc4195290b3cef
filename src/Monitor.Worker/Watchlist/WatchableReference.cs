using Monitor.Core.References;

namespace Monitor.Worker.Watchlist;

/// <summary>What the CLI and the API accept as a tag to watch or look up.</summary>
public static class WatchableReference
{
    /// <summary>A watchable tag reference (no digest; no tag means <c>latest</c>, as Docker does), or the reason it is not.</summary>
    public static bool TryParse(string text, out ImageReference? reference, out string? error)
    {
        if (!ImageReference.TryParse(text, out var parsed, out error))
        {
            reference = null;
            return false;
        }

        if (parsed.Digest is not null)
        {
            (reference, error) = (null, $"'{text}' pins a digest; watch a tag instead");
            return false;
        }

        reference = parsed.Tag is null ? parsed.WithTag(ImageReference.DefaultTag) : parsed;
        return true;
    }
}
