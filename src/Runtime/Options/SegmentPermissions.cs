namespace SharedTyped;

/// <summary>Who may open a new segment (its file mode on Linux and macOS).</summary>
public enum SegmentPermissions
{
    /// <summary>Only the creating user (mode 0600), the default.</summary>
    Owner = 0,

    /// <summary>The creating user and its group (mode 0660).</summary>
    Group = 1,

    /// <summary>Every user (mode 0666).</summary>
    Everyone = 2,
}
