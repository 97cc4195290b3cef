using System.Text.RegularExpressions;

namespace Monitor.Worker.Tests.Support;

/// <summary>The service's console log as an operator reads it: <c>warn: Category[0]</c> and the indented lines that follow.</summary>
internal static partial class ConsoleLog
{
    public static List<(string Level, string Category, string Message)> Entries(string log) =>
        [.. EntryHeader().Matches(log).Select(m => (m.Groups["level"].Value, m.Groups["category"].Value, m.Groups["message"].Value.Trim()))];

    /// <summary>Warnings, errors and critical entries.</summary>
    public static List<(string Level, string Category, string Message)> Problems(string log) =>
        [.. Entries(log).Where(e => e.Level is "warn" or "fail" or "crit")];

    /// <summary>A line of a .NET stack trace (<c>   at Namespace.Type.Method(…)</c>).</summary>
    [GeneratedRegex(@"^\s+at \S", RegexOptions.Multiline)]
    public static partial Regex StackFrame();

    [GeneratedRegex(@"^(?<level>trce|dbug|info|warn|fail|crit): (?<category>[^\[\n]+)\[\d+\]\n(?<message>(?:[ \t]+[^\n]*\n?)*)", RegexOptions.Multiline)]
    private static partial Regex EntryHeader();
}
