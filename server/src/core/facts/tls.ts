/** Schannel protocol and algorithm names Exchange writes in its TLS lines. English = localisation key. */

export interface TlsProtocol {
  version: string;
  weak: boolean;
}

const PROTOCOLS: Readonly<Record<string, TlsProtocol>> = {
  PCT1: { version: 'PCT 1.0', weak: true },
  SSL2: { version: 'SSL 2.0', weak: true },
  SSL3: { version: 'SSL 3.0', weak: true },
  TLS1: { version: 'TLS 1.0', weak: true },
  TLS1_0: { version: 'TLS 1.0', weak: true },
  TLS1_1: { version: 'TLS 1.1', weak: true },
  TLS1_2: { version: 'TLS 1.2', weak: false },
  TLS1_3: { version: 'TLS 1.3', weak: false },
};

export interface TlsProtocolInfo extends TlsProtocol {
  /** `server`: this server was the TLS server (receive side); `client`: it was the TLS client. */
  role?: 'server' | 'client';
}

/** `SP_PROT_TLS1_2_SERVER` → TLS 1.2, server role; bare numbers of newer builds are mapped too. */
export function tlsProtocol(name: string): TlsProtocolInfo | undefined {
  const m = /^SP_PROT_([A-Z0-9_]+?)_(SERVER|CLIENT)$/.exec(name.trim());
  if (m) {
    const p = PROTOCOLS[m[1]];
    return p ? { ...p, role: m[2] === 'SERVER' ? 'server' : 'client' } : undefined;
  }
  if (name.trim() === '4096') return { ...PROTOCOLS.TLS1_3, role: 'server' };
  if (name.trim() === '8192') return { ...PROTOCOLS.TLS1_3, role: 'client' };
  return undefined;
}

export interface Algorithm {
  meaning: string;
  weak?: boolean;
}

const ALGORITHMS: Readonly<Record<string, Algorithm>> = {
  CALG_AES_128: { meaning: 'AES with a 128-bit key.' },
  CALG_AES_192: { meaning: 'AES with a 192-bit key.' },
  CALG_AES_256: { meaning: 'AES with a 256-bit key.' },
  CALG_AES: { meaning: 'AES (key size not stated).' },
  CALG_3DES: { meaning: 'Triple DES; weak today (64-bit blocks).', weak: true },
  CALG_3DES_112: { meaning: 'Two-key triple DES; weak today.', weak: true },
  CALG_DES: { meaning: 'Single DES; broken.', weak: true },
  CALG_DESX: { meaning: 'DES-X; broken.', weak: true },
  CALG_RC2: { meaning: 'RC2; broken.', weak: true },
  CALG_RC4: { meaning: 'RC4 stream cipher; forbidden in TLS today.', weak: true },
  CALG_MD5: { meaning: 'MD5 hash; broken.', weak: true },
  CALG_SHA1: { meaning: 'SHA-1 hash (HMAC in older CBC cipher suites).' },
  CALG_SHA: { meaning: 'SHA-1 hash (HMAC in older CBC cipher suites).' },
  CALG_SHA_256: { meaning: 'SHA-256 hash; with strength 0 it is the hash of an AEAD (GCM) suite, which has no separate MAC.' },
  CALG_SHA_384: { meaning: 'SHA-384 hash; with strength 0 it is the hash of an AEAD (GCM) suite, which has no separate MAC.' },
  CALG_SHA_512: { meaning: 'SHA-512 hash.' },
  CALG_RSA_KEYX: { meaning: 'RSA key transport: no forward secrecy.', weak: true },
  CALG_DH_EPHEM: { meaning: 'Ephemeral Diffie-Hellman: forward secrecy.' },
  CALG_DH_SF: { meaning: 'Static Diffie-Hellman; legacy.', weak: true },
  CALG_ECDH: { meaning: 'Elliptic-curve Diffie-Hellman.' },
  CALG_ECDH_EPHEM: { meaning: 'Ephemeral elliptic-curve Diffie-Hellman (ECDHE): forward secrecy.' },
  CALG_ECDHE: { meaning: 'Ephemeral elliptic-curve Diffie-Hellman (ECDHE): forward secrecy.' },
  CALG_ECDSA: { meaning: 'ECDSA certificate signature.' },
  CALG_RSA_SIGN: { meaning: 'RSA certificate signature.' },
  CALG_DSS_SIGN: { meaning: 'DSS certificate signature; weak.', weak: true },
  '26128': { meaning: 'AES with a 256-bit key (written as a number by builds that lack its name).' },
  '32781': { meaning: 'SHA-384 hash (written as a number by builds that lack its name).' },
};

export function algorithmMeaning(name: string): Algorithm | undefined {
  return ALGORITHMS[name.trim().toUpperCase()];
}

export function allTlsStrings(): string[] {
  return Object.values(ALGORITHMS).map((a) => a.meaning);
}

export const TLS_PROTOCOL_TABLE = PROTOCOLS;
export const ALGORITHM_TABLE = ALGORITHMS;
