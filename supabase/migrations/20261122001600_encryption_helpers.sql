-- Symmetric encryption helpers for sensitive values (e.g. audio URLs).
-- The key is an argument, supplied by the app from its configuration (on hosted
-- Supabase it may come from Vault); it is never stored in a migration or in
-- database settings (KNOWN_DEFECTS #11). Service role only.

create or replace function private.encrypt_text(plaintext text, encryption_key text)
returns text
language plpgsql
volatile
set search_path = ''
as $$
begin
  if coalesce(length(encryption_key), 0) < 16 then
    raise exception using errcode = '22023', message = 'the encryption key must be at least 16 characters';
  end if;
  return encode(extensions.pgp_sym_encrypt(plaintext, encryption_key, 'cipher-algo=aes256'), 'base64');
end
$$;

create or replace function private.decrypt_text(ciphertext text, encryption_key text)
returns text
language plpgsql
immutable
set search_path = ''
as $$
begin
  return extensions.pgp_sym_decrypt(decode(ciphertext, 'base64'), encryption_key);
end
$$;

revoke execute on function private.encrypt_text(text, text), private.decrypt_text(text, text) from public;
grant execute on function private.encrypt_text(text, text), private.decrypt_text(text, text) to service_role;
