/// The program's version: `depeche --version`, the default User-Agent (`Depeche/0.2.0 (...)`), and
/// the version a run state records (a run is resumed only by the version that started it).
public enum DepecheVersion {
    public static let current = "0.2.0"
}
