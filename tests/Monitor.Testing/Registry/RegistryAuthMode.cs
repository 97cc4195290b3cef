namespace Monitor.Testing.Registry;

/// <summary>How the test registry authenticates clients.</summary>
public enum RegistryAuthMode
{
    /// <summary>Anyone may pull and push.</summary>
    Anonymous,

    /// <summary><c>auth: htpasswd</c>: HTTP Basic with a bcrypt htpasswd file.</summary>
    Basic,

    /// <summary><c>auth: token</c>: Bearer tokens from an in-test <see cref="TokenIssuer"/>.</summary>
    Token,
}
