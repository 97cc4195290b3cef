using Microsoft.AspNetCore.Components;

namespace Monitor.Worker.Web;

/// <summary>
/// Markup that repeats in every row of the tag page's tables (a year of daily rebuilds is hundreds of rows), written as
/// render fragments: a component per cell made that page several times slower to render.
/// </summary>
internal static class Fragments
{
    /// <summary>A moment as text (UTC, to the minute) in a <c>&lt;time&gt;</c> element that carries it exactly; a dash when unknown.</summary>
    public static RenderFragment Time(DateTimeOffset? value) => builder =>
    {
        if (value is not { } moment)
        {
            builder.AddContent(0, Display.None);
            return;
        }

        builder.OpenElement(1, "time");
        builder.AddAttribute(2, "datetime", Display.MachineTime(moment));
        builder.AddContent(3, Display.Time(moment));
        builder.CloseElement();
    };

    /// <summary>The marks of a digest or a rebuild event, in words, with what each means as a tooltip.</summary>
    public static RenderFragment Marks(bool baseline = false, bool rollback = false, bool backfill = false) => builder =>
    {
        if (baseline)
        {
            builder.AddContent(0, Mark("mark baseline", "baseline", "The first digest seen: not a rebuild"));
        }

        if (rollback)
        {
            builder.AddContent(1, Mark("mark rollback", "rollback", "The tag went back to a digest it had before"));
        }

        if (backfill)
        {
            builder.AddContent(2, Mark("mark backfill", "back-fill", "From the registry's tag history, not from a poll of Monitor's"));
        }
    };

    private static RenderFragment Mark(string classes, string text, string meaning) => builder =>
    {
        builder.OpenElement(0, "span");
        builder.AddAttribute(1, "class", classes);
        builder.AddAttribute(2, "title", meaning);
        builder.AddContent(3, text);
        builder.CloseElement();
    };
}
