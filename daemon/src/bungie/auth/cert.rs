//! The callback listener's self-signed certificate: generated with rcgen on first use (for
//! `127.0.0.1` and `localhost`) and kept in the data directory, the key readable only by the user.

use super::error::AuthError;
use super::private_file::write_private;
use std::path::{Path, PathBuf};

/// The certificate file's name.
pub const CERT_FILE: &str = "callback-cert.pem";
/// The private key file's name.
pub const KEY_FILE: &str = "callback-key.pem";

/// A PEM certificate and its PEM private key.
pub struct CallbackCert {
    /// The certificate (PEM).
    pub cert_pem: String,
    /// The private key (PEM). Never logged.
    pub key_pem: String,
    /// Where the certificate is (to tell the player what their browser will warn about).
    pub cert_path: PathBuf,
}

/// Loads the certificate from `dir`, or generates and stores one.
pub fn load_or_create(dir: &Path) -> Result<CallbackCert, AuthError> {
    let cert_path = dir.join(CERT_FILE);
    let key_path = dir.join(KEY_FILE);
    if let (Ok(cert_pem), Ok(key_pem)) = (
        std::fs::read_to_string(&cert_path),
        std::fs::read_to_string(&key_path),
    ) && cert_pem.contains("BEGIN CERTIFICATE")
        && key_pem.contains("PRIVATE KEY")
    {
        return Ok(CallbackCert {
            cert_pem,
            key_pem,
            cert_path,
        });
    }
    let generated =
        rcgen::generate_simple_self_signed(vec!["127.0.0.1".to_string(), "localhost".to_string()])
            .map_err(|e| AuthError::Listener(format!("cannot generate a certificate: {e}")))?;
    let cert_pem = generated.cert.pem();
    let key_pem = generated.signing_key.serialize_pem();
    write_private(&key_path, key_pem.as_bytes())
        .and_then(|()| write_private(&cert_path, cert_pem.as_bytes()))
        .map_err(|e| {
            AuthError::Listener(format!(
                "cannot store the certificate in {}: {e}",
                dir.display()
            ))
        })?;
    tracing::info!(certificate = %cert_path.display(), "generated the sign-in callback's certificate");
    Ok(CallbackCert {
        cert_pem,
        key_pem,
        cert_path,
    })
}
