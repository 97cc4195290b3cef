namespace Monitor.Registry.Client;

/// <summary>RFC 5988 <c>Link</c> headers: <c>&lt;/v2/x/tags/list?n=10&amp;last=b&gt;; rel="next"</c>, several per header allowed.</summary>
internal static class LinkHeader
{
    /// <summary>The target of the <c>rel="next"</c> link, as written (relative or absolute); null when there is none.</summary>
    public static string? FindNext(IEnumerable<string> headerValues)
    {
        foreach (var value in headerValues)
        {
            var position = 0;
            while (position < value.Length)
            {
                var open = value.IndexOf('<', position);
                var close = open < 0 ? -1 : value.IndexOf('>', open + 1);
                if (close < 0)
                {
                    break;
                }

                var target = value[(open + 1)..close];
                var next = value.IndexOf('<', close + 1);
                var parameters = next < 0 ? value[(close + 1)..] : value[(close + 1)..next];
                if (HasRelNext(parameters))
                {
                    return target.Trim();
                }

                position = next < 0 ? value.Length : next;
            }
        }

        return null;
    }

    private static bool HasRelNext(string parameters)
    {
        foreach (var parameter in parameters.Split([';', ','], StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            var equals = parameter.IndexOf('=', StringComparison.Ordinal);
            if (equals > 0 && string.Equals(parameter[..equals].Trim(), "rel", StringComparison.OrdinalIgnoreCase))
            {
                var relations = parameter[(equals + 1)..].Trim().Trim('"');
                if (relations.Split(' ', StringSplitOptions.RemoveEmptyEntries).Contains("next", StringComparer.OrdinalIgnoreCase))
                {
                    return true;
                }
            }
        }

        return false;
    }
}
