namespace Gateway.FreeBusy.Wire;

/// <summary>What the reader carries between calls: whether it is skipping the rest of an overlong line.</summary>
internal struct FtpReaderState
{
    public bool Discarding;
}
