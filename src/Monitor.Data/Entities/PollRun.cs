namespace Monitor.Data.Entities;

/// <summary>One poll cycle of one watch group on one node.</summary>
[Table("poll_run")]
[Index(nameof(StartedAt))]
public sealed class PollRun
{
    public long Id { get; set; }

    [MaxLength(200)] public required string Node { get; set; }

    [MaxLength(100)] public required string WatchGroup { get; set; }

    public DateTimeOffset StartedAt { get; set; }

    public DateTimeOffset? FinishedAt { get; set; }

    public int TagsChecked { get; set; }

    public int Changes { get; set; }

    public int Failures { get; set; }

    public int Missing { get; set; }
}
