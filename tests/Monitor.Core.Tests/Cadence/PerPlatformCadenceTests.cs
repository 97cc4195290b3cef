using Monitor.Core.Cadence;
using static Monitor.Core.Tests.Platforms;
using static Monitor.Core.Tests.Time;

namespace Monitor.Core.Tests.Cadence;

public sealed class PerPlatformCadenceTests
{
    private static readonly CadenceOptions Amd64 = new() { Platform = PlatformSelector.LinuxAmd64 };
    private static readonly DateTimeOffset Day0 = Utc(2026, 6, 1);
    private static readonly DateTimeOffset Now = Day0 + TimeSpan.FromDays(30);

    private static DateTimeOffset Day(int day) => Day0 + TimeSpan.FromDays(day);

    [Fact]
    public void Arm64_only_change_is_not_an_amd64_rebuild()
    {
        var history = TagHistory.BaselineAt(Day0, platforms: Index(amd64: "sha256:a1", arm64: "sha256:b1"))
            .ChangeAt(Day(5), platforms: Index(amd64: "sha256:a1", arm64: "sha256:b2"))
            .ChangeAt(Day(10), platforms: Index(amd64: "sha256:a2", arm64: "sha256:b2"));

        var amd64Events = history.SummariseAt(Now, Amd64).Events;
        var indexEvents = history.SummariseAt(Now).Events;

        Assert.Equal([Day(10)], amd64Events.Select(rebuild => rebuild.Time));
        Assert.Equal([Day(5), Day(10)], indexEvents.Select(rebuild => rebuild.Time));
    }

    [Fact]
    public void Re_push_that_only_adds_arm64_is_not_an_amd64_rebuild()
    {
        var summary = TagHistory.BaselineAt(Day0, platforms: Index(amd64: "sha256:a1"))
            .ChangeAt(Day(3), platforms: Index(amd64: "sha256:a1", arm64: "sha256:b1"))
            .SummariseAt(Now, Amd64);

        Assert.Empty(summary.Events);
        Assert.Equal(Day0, summary.AgeMeasuredFrom);
    }

    [Fact]
    public void Platform_is_compared_with_the_previous_revision_that_had_it()
    {
        // Day 3 drops amd64 from the index; day 6 brings back the same amd64 image; day 9 a new one.
        var summary = TagHistory.BaselineAt(Day0, platforms: Index(amd64: "sha256:a1", arm64: "sha256:b1"))
            .ChangeAt(Day(3), platforms: Index(arm64: "sha256:b2"))
            .ChangeAt(Day(6), platforms: Index(amd64: "sha256:a1", arm64: "sha256:b2"))
            .ChangeAt(Day(9), platforms: Index(amd64: "sha256:a2", arm64: "sha256:b2"))
            .SummariseAt(Now, Amd64);

        var rebuild = Assert.Single(summary.Events);
        Assert.Equal(Day(9), rebuild.Time);
        Assert.False(rebuild.IsRollback);
    }

    [Fact]
    public void Revisions_without_platform_data_fall_back_to_the_index_digest()
    {
        var summary = TagHistory.BaselineAt(Day0, digest: "sha256:single1")
            .ChangeAt(Day(4), digest: "sha256:single2")
            .SummariseAt(Now, Amd64);

        Assert.Equal([Day(4)], summary.Events.Select(rebuild => rebuild.Time));
    }

    [Fact]
    public void Single_arch_image_wrapped_unchanged_into_an_index_is_not_a_rebuild()
    {
        var summary = TagHistory.BaselineAt(Day0, digest: "sha256:image")
            .ChangeAt(Day(4), digest: "sha256:index", platforms: Index(amd64: "sha256:image", arm64: "sha256:b1"))
            .SummariseAt(Now, Amd64);

        Assert.Empty(summary.Events);
    }

    [Fact]
    public void First_appearance_of_the_platform_is_its_baseline_not_a_rebuild()
    {
        var summary = TagHistory.BaselineAt(Day0, platforms: Index(arm64: "sha256:b1"))
            .ChangeAt(Day(20), platforms: Index(amd64: "sha256:a1", arm64: "sha256:b1"))
            .SummariseAt(Now, Amd64);

        Assert.Empty(summary.Events);
        Assert.Equal(Day(20), summary.AgeMeasuredFrom);
        Assert.Equal(Day0, summary.ObservedSince);
    }

    [Fact]
    public void Platform_that_never_appeared_leaves_the_age_unknown()
    {
        var summary = TagHistory.BaselineAt(Day0, platforms: Index(arm64: "sha256:b1"))
            .ChangeAt(Day(2), platforms: Index(arm64: "sha256:b2"))
            .SummariseAt(Now, Amd64);

        Assert.Empty(summary.Events);
        Assert.Null(summary.AgeMeasuredFrom);
    }

    [Fact]
    public void Platform_returning_to_an_earlier_child_digest_is_a_rollback()
    {
        var summary = TagHistory.BaselineAt(Day0, platforms: Index(amd64: "sha256:a1", arm64: "sha256:b1"))
            .ChangeAt(Day(3), platforms: Index(amd64: "sha256:a2", arm64: "sha256:b1"))
            .ChangeAt(Day(6), platforms: Index(amd64: "sha256:a1", arm64: "sha256:b2"))
            .SummariseAt(Now, Amd64);

        Assert.Equal([false, true], summary.Events.Select(rebuild => rebuild.IsRollback));
    }

    [Fact]
    public void Index_changes_that_keep_the_platform_do_not_join_its_burst()
    {
        var rebuild = Assert.Single(TagHistory.BaselineAt(Day0, platforms: Index(amd64: "sha256:a1", arm64: "sha256:b1"))
            .ChangeAt(Day(5) + TimeSpan.FromHours(1), platforms: Index(amd64: "sha256:a2", arm64: "sha256:b1"))
            .ChangeAt(Day(5) + TimeSpan.FromHours(2), platforms: Index(amd64: "sha256:a2", arm64: "sha256:b2"))
            .ChangeAt(Day(5) + TimeSpan.FromHours(3), platforms: Index(amd64: "sha256:a3", arm64: "sha256:b2"))
            .ChangeAt(Day(5) + TimeSpan.FromHours(4), platforms: Index(amd64: "sha256:a3", arm64: "sha256:b3"))
            .SummariseAt(Now, Amd64).Events);

        Assert.Equal(2, rebuild.ChangeCount);
        Assert.Equal(Day(5) + TimeSpan.FromHours(3), rebuild.DetectionWindowEnd);
    }

    [Fact]
    public void Arm64_selector_follows_the_arm64_v8_child()
    {
        var arm64 = new CadenceOptions { Platform = PlatformSelector.Parse("linux/arm64") };

        var summary = TagHistory.BaselineAt(Day0, platforms: Index(amd64: "sha256:a1", arm64: "sha256:b1"))
            .ChangeAt(Day(5), platforms: Index(amd64: "sha256:a2", arm64: "sha256:b1"))
            .ChangeAt(Day(10), platforms: Index(amd64: "sha256:a2", arm64: "sha256:b2"))
            .SummariseAt(Now, arm64);

        Assert.Equal([Day(10)], summary.Events.Select(rebuild => rebuild.Time));
    }
}
