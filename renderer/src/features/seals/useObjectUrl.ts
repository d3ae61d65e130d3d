import { useEffect, useState } from 'react';

/**
 * An object URL for PNG bytes, revoked when the bytes change or the component unmounts.
 * Made in an effect, not during render, so StrictMode's double run cannot leak a URL.
 */
export function useObjectUrl(bytes: Uint8Array | null): string | null {
  const [url, setUrl] = useState<string | null>(null);
  useEffect(() => {
    if (!bytes) return;
    // A copy: a Blob wants an ArrayBuffer-backed view, and IPC may hand a shared or pooled buffer.
    const created = URL.createObjectURL(new Blob([bytes.slice()], { type: 'image/png' }));
    setUrl(created);
    return () => {
      URL.revokeObjectURL(created);
      setUrl(null);
    };
  }, [bytes]);
  return url;
}
