namespace Monitor.Testing.Registry;

/// <summary>
/// An htpasswd line as distribution wants it: bcrypt only. Generated with BCrypt.Net-Next because the
/// <c>htpasswd</c> tool (apache2-utils) is often missing and Python's <c>crypt</c> module is gone since 3.13.
/// </summary>
public static class HtpasswdFile
{
    /// <summary>Cost 4, the minimum: the registry checks the hash on every request.</summary>
    public static string Line(string username, string password) =>
        $"{username}:{BCrypt.Net.BCrypt.HashPassword(password, workFactor: 4)}";
}
