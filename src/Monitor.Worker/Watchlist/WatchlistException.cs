namespace Monitor.Worker.Watchlist;

/// <summary>The watchlist cannot be used; the message names the file, the entry and the reason.</summary>
public sealed class WatchlistException : Exception
{
    public WatchlistException(string message)
        : base(message)
    {
    }

    public WatchlistException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public WatchlistException()
    {
    }
}
