#!/usr/bin/env node
'use strict';
// Opens and submits one demo case through the API, once (a second run finds it and stops).
const api = process.argv[2] || 'http://127.0.0.1:3000';

async function call(method, path, token, body) {
  const res = await fetch(`${api}${path}`, {
    method,
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  });
  return { status: res.status, body: await res.json() };
}

async function main() {
  const login = await call('POST', '/api/v1/auth/dev-login', null, { username: 'officer.shcb' });
  if (login.status !== 200) throw new Error(`dev-login failed: ${JSON.stringify(login.body)}`);
  const token = login.body.accessToken;
  const existing = await call('GET', '/api/v1/cases/BANK-SHCB-DEMO-0001', token);
  if (existing.status === 200) return;
  const users = await call('GET', '/api/v1/auth/dev-users');
  if (users.status !== 200) throw new Error('cannot list demo users');
  const assets = await call('GET', '/api/v1/assets?kind=INVENTION_PATENT&limit=1', token);
  const asset = assets.body[0];
  if (!asset) throw new Error('no demo asset to pledge');
  const created = await call('POST', '/api/v1/cases', token, {
    bankReference: 'DEMO-0001',
    productCode: 'SHCB-IP-STD',
    // The bank picks the enterprise from the register; its name and district come from there.
    enterprise: { uscc: asset.owners[0] },
    amount: '1000000.00',
    termMonths: 12,
    annualRate: '0.0345',
    repaymentMethod: 'EQUAL_INSTALMENT',
    assets: [{ type: 'PATENT', number: asset.number }],
  });
  if (created.status !== 201 && created.body.code !== 'CASE_ALREADY_EXISTS') throw new Error(`demo case: ${JSON.stringify(created.body)}`);
  await call('POST', '/api/v1/cases/BANK-SHCB-DEMO-0001/submit', token);
  console.log('[start] demo case BANK-SHCB-DEMO-0001 opened and submitted');
}

main().catch((error) => {
  console.error(`[start] ${error.message}`);
  process.exit(1);
});
