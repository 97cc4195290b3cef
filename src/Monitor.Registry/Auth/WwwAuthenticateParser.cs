using System.Text;

namespace Monitor.Registry.Auth;

/// <summary>
/// Parses <c>WWW-Authenticate</c> values (RFC 7235): several challenges per header, parameters as tokens or
/// quoted strings that may contain commas, '=' and backslash escapes. Malformed input yields what parsed so far.
/// </summary>
public static class WwwAuthenticateParser
{
    public static IReadOnlyList<AuthChallenge> Parse(string? header)
    {
        var challenges = new List<AuthChallenge>();
        if (string.IsNullOrWhiteSpace(header))
        {
            return challenges;
        }

        var position = 0;
        while (true)
        {
            SkipSeparators(header, ref position);
            var scheme = ReadToken(header, ref position);
            if (scheme.Length == 0)
            {
                return challenges;
            }

            var parameters = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
            while (TryReadParameter(header, ref position, out var name, out var value))
            {
                parameters.TryAdd(name, value);
            }

            challenges.Add(new AuthChallenge(scheme, parameters));
            if (!SkipToken68(header, ref position) && position < header.Length && header[position] is not (',' or ' ' or '\t'))
            {
                // Garbage where a parameter or a new challenge should start: stop here.
                return challenges;
            }
        }
    }

    /// <summary>All challenges of a response's <c>WWW-Authenticate</c> headers.</summary>
    public static IReadOnlyList<AuthChallenge> FromResponse(HttpResponseMessage response)
    {
        ArgumentNullException.ThrowIfNull(response);
        return response.Headers.TryGetValues("WWW-Authenticate", out var values)
            ? [.. values.SelectMany(Parse)]
            : [];
    }

    private static bool TryReadParameter(string header, ref int position, out string name, out string value)
    {
        name = value = "";
        var start = position;
        SkipSeparators(header, ref position);
        var token = ReadToken(header, ref position);
        SkipWhitespace(header, ref position);
        if (token.Length == 0 || position >= header.Length || header[position] != '=' || IsToken68End(header, position))
        {
            // Not "name=": the start of the next challenge (or a token68), so give the text back.
            position = start;
            return false;
        }

        position++;
        SkipWhitespace(header, ref position);
        value = position < header.Length && header[position] == '"' ? ReadQuoted(header, ref position) : ReadToken(header, ref position);
        name = token;
        SkipWhitespace(header, ref position);
        if (position < header.Length && header[position] == ',')
        {
            position++;
        }

        return true;
    }

    /// <summary>"abc==" followed by end or ',' is a token68 credential blob, not a parameter.</summary>
    private static bool IsToken68End(string header, int equals)
    {
        var end = equals;
        while (end < header.Length && header[end] == '=')
        {
            end++;
        }

        var rest = end;
        SkipWhitespace(header, ref rest);
        return end > equals + 1 || rest >= header.Length || header[rest] == ',';
    }

    private static bool SkipToken68(string header, ref int position)
    {
        var start = position;
        SkipWhitespace(header, ref position);
        var token = ReadToken(header, ref position);
        if (token.Length > 0 && position < header.Length && header[position] == '=' && IsToken68End(header, position))
        {
            while (position < header.Length && header[position] == '=')
            {
                position++;
            }

            return true;
        }

        position = start;
        return false;
    }

    private static string ReadQuoted(string header, ref int position)
    {
        var value = new StringBuilder();
        position++; // opening quote
        while (position < header.Length)
        {
            var c = header[position++];
            if (c == '"')
            {
                break;
            }

            if (c == '\\' && position < header.Length)
            {
                c = header[position++];
            }

            value.Append(c);
        }

        return value.ToString();
    }

    private static string ReadToken(string header, ref int position)
    {
        var start = position;
        while (position < header.Length && IsTokenChar(header[position]))
        {
            position++;
        }

        return header[start..position];
    }

    private static bool IsTokenChar(char c) =>
        c is (>= 'a' and <= 'z') or (>= 'A' and <= 'Z') or (>= '0' and <= '9')
            or '!' or '#' or '$' or '%' or '&' or '\'' or '*' or '+' or '-' or '.' or '^' or '_' or '`' or '|' or '~' or '/' or ':';

    private static void SkipWhitespace(string header, ref int position)
    {
        while (position < header.Length && header[position] is ' ' or '\t')
        {
            position++;
        }
    }

    private static void SkipSeparators(string header, ref int position)
    {
        while (position < header.Length && header[position] is ' ' or '\t' or ',')
        {
            position++;
        }
    }
}
