import type { Kysely } from 'kysely'
import { runScript } from '../run-script.server.ts'

/**
 * MSP end customers: an MSP partner's customer accounts, their contacts,
 * licences and the documents the MSP shares with them, and support tickets
 * between an end customer and its MSP. End-customer users are users of the
 * MSP's tenant with role `end_customer` and a `customer_id`; their requests
 * run as the `portal_customer` role, which is granted these tables only, and
 * every policy here also checks `app.customer_id`, so an end customer reaches
 * neither another customer of the same MSP nor the MSP's own data.
 */
export async function up(db: Kysely<unknown>) {
  await runScript(
    db,
    /* sql */ `
    do $$ begin
      if not exists (select from pg_roles where rolname = 'portal_customer') then
        create role portal_customer nologin;
      end if;
    end $$;
    grant portal_customer to current_user;
    grant usage on schema app to portal_customer;
    grant usage on schema public to portal_customer;

    create function app.current_customer_id() returns uuid language sql stable
      as $$ select nullif(current_setting('app.customer_id', true), '')::uuid $$;
    -- The MSP's own people see every customer of their organization; an end customer only its own.
    create function app.sees_customer(customer uuid) returns boolean language sql stable
      as $$ select case when app.current_app_role() = 'end_customer' then customer = app.current_customer_id()
                        else coalesce(app.current_app_role() in ('partner_admin', 'sales_rep', 'partner_finance'), false) end $$;
    create function app.manages_customers() returns boolean language sql stable
      as $$ select coalesce(app.current_app_role() = 'partner_admin', false) $$;

    create table end_customers (
      tenant_id uuid not null references tenants (id) on delete cascade,
      id uuid not null default gen_random_uuid(),
      name text not null check (length(name) between 1 and 120),
      normalized_name text not null,
      domain text check (domain ~ '^[a-z0-9]([a-z0-9-]*[a-z0-9])?(\\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)+$' and length(domain) <= 200),
      status text not null default 'active' check (status in ('active', 'archived')),
      notes text not null default '' check (length(notes) <= 4000),
      created_by_name text not null,
      submission_key uuid,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      primary key (tenant_id, id),
      unique (tenant_id, normalized_name),
      unique (tenant_id, submission_key)
    );
    create index end_customers_recent on end_customers (tenant_id, created_at desc, id);
    create index end_customers_name_trgm on end_customers using gin (name gin_trgm_ops);

    create table customer_contacts (
      tenant_id uuid not null,
      id uuid not null default gen_random_uuid(),
      customer_id uuid not null,
      name text not null check (length(name) between 1 and 120),
      email text not null check (email = lower(email) and length(email) <= 254),
      phone text check (length(phone) <= 40),
      title text check (length(title) <= 120),
      created_at timestamptz not null default now(),
      primary key (tenant_id, id),
      unique (tenant_id, customer_id, email),
      foreign key (tenant_id, customer_id) references end_customers (tenant_id, id) on delete cascade
    );

    create table customer_licences (
      tenant_id uuid not null,
      id uuid not null default gen_random_uuid(),
      customer_id uuid not null,
      product_id uuid not null,
      product_name text not null,
      seats integer not null check (seats between 1 and 1000000),
      starts_on date not null,
      renews_on date not null,
      status text not null default 'active' check (status in ('active', 'cancelled')),
      submission_key uuid,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      primary key (tenant_id, id),
      unique (tenant_id, submission_key),
      check (renews_on > starts_on),
      foreign key (tenant_id, customer_id) references end_customers (tenant_id, id) on delete cascade
    );
    create index customer_licences_customer on customer_licences (tenant_id, customer_id);
    create index customer_licences_renewals on customer_licences (tenant_id, renews_on) where status = 'active';

    create table customer_documents (
      tenant_id uuid not null,
      id uuid not null default gen_random_uuid(),
      customer_id uuid not null,
      title text not null check (length(title) between 1 and 160),
      filename text not null,
      content_type text not null,
      size_bytes bigint not null check (size_bytes > 0),
      storage_key text not null,
      shared_by_name text not null,
      submission_key uuid,
      shared_at timestamptz not null default now(),
      removed_at timestamptz,
      primary key (tenant_id, id),
      unique (tenant_id, submission_key),
      foreign key (tenant_id, customer_id) references end_customers (tenant_id, id) on delete cascade
    );
    create index customer_documents_customer on customer_documents (tenant_id, customer_id, shared_at desc);

    create table customer_tickets (
      tenant_id uuid not null,
      id uuid not null default gen_random_uuid(),
      customer_id uuid not null,
      submission_key uuid not null,
      subject text not null check (length(subject) between 3 and 200),
      status text not null default 'open' check (status in ('open', 'answered', 'closed')),
      opened_by uuid not null,
      opened_by_name text not null,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      last_message_at timestamptz not null default now(),
      closed_at timestamptz,
      primary key (tenant_id, id),
      unique (tenant_id, submission_key),
      foreign key (tenant_id, customer_id) references end_customers (tenant_id, id) on delete cascade
    );
    create index customer_tickets_recent on customer_tickets (tenant_id, customer_id, last_message_at desc);
    create index customer_tickets_open on customer_tickets (tenant_id, last_message_at desc) where status <> 'closed';

    create table customer_ticket_messages (
      tenant_id uuid not null,
      id uuid not null default gen_random_uuid(),
      ticket_id uuid not null,
      customer_id uuid not null,
      author_id uuid,
      author_name text not null,
      author_side text not null check (author_side in ('customer', 'msp')),
      body text not null check (length(body) between 1 and 10000),
      created_at timestamptz not null default now(),
      primary key (tenant_id, id),
      foreign key (tenant_id, ticket_id) references customer_tickets (tenant_id, id) on delete cascade
    );
    create index customer_ticket_messages_thread on customer_ticket_messages (tenant_id, ticket_id, created_at);

    alter table users add column customer_id uuid;
    alter table users drop constraint users_role_check;
    alter table users add constraint users_role_check check (role in ('vendor_admin', 'channel_manager', 'vendor_finance', 'support_agent',
      'partner_admin', 'sales_rep', 'partner_finance', 'end_customer'));
    alter table users add constraint users_customer_role check ((role = 'end_customer') = (customer_id is not null));
    alter table users add constraint users_customer_fk foreign key (tenant_id, customer_id) references end_customers (tenant_id, id);

    alter table invitations add column customer_id uuid;
    alter table invitations drop constraint invitations_role_check;
    alter table invitations add constraint invitations_role_check check (role in ('partner_admin', 'sales_rep', 'partner_finance',
      'vendor_admin', 'channel_manager', 'vendor_finance', 'support_agent', 'end_customer'));
    alter table invitations add constraint invitations_customer_role check ((role = 'end_customer') = (customer_id is not null));
    alter table invitations add constraint invitations_customer_fk foreign key (tenant_id, customer_id) references end_customers (tenant_id, id) on delete cascade;
    `,
  )

  await runScript(
    db,
    /* sql */ `
    grant select (customer_id) on users to portal_app;
    grant select (customer_id) on invitations to portal_app;

    alter table end_customers enable row level security;
    alter table end_customers force row level security;
    -- Vendor staff read accounts and licences for the MSP's totals; never contacts, documents or tickets.
    create policy end_customers_read on end_customers for select
      using ((tenant_id = app.current_tenant_id() and app.sees_customer(id)) or app.is_vendor_staff());
    create policy end_customers_write on end_customers for insert with check (tenant_id = app.current_tenant_id() and app.manages_customers());
    create policy end_customers_update on end_customers for update
      using (tenant_id = app.current_tenant_id() and app.manages_customers()) with check (tenant_id = app.current_tenant_id());
    grant select, insert, update on end_customers to portal_app;
    grant select on end_customers to portal_customer;

    alter table customer_contacts enable row level security;
    alter table customer_contacts force row level security;
    create policy customer_contacts_read on customer_contacts for select
      using (tenant_id = app.current_tenant_id() and app.sees_customer(customer_id));
    create policy customer_contacts_write on customer_contacts for all
      using (tenant_id = app.current_tenant_id() and app.manages_customers())
      with check (tenant_id = app.current_tenant_id() and app.manages_customers());
    grant select, insert, update, delete on customer_contacts to portal_app;
    grant select on customer_contacts to portal_customer;

    alter table customer_licences enable row level security;
    alter table customer_licences force row level security;
    create policy customer_licences_read on customer_licences for select
      using ((tenant_id = app.current_tenant_id() and app.sees_customer(customer_id)) or app.is_vendor_staff());
    create policy customer_licences_write on customer_licences for all
      using (tenant_id = app.current_tenant_id() and app.manages_customers())
      with check (tenant_id = app.current_tenant_id() and app.manages_customers());
    grant select, insert, update on customer_licences to portal_app;
    grant select on customer_licences to portal_customer;

    alter table customer_documents enable row level security;
    alter table customer_documents force row level security;
    create policy customer_documents_read on customer_documents for select
      using (tenant_id = app.current_tenant_id() and app.sees_customer(customer_id)
             and (removed_at is null or app.current_app_role() <> 'end_customer'));
    create policy customer_documents_write on customer_documents for all
      using (tenant_id = app.current_tenant_id() and app.manages_customers())
      with check (tenant_id = app.current_tenant_id() and app.manages_customers());
    grant select, insert, update on customer_documents to portal_app;
    grant select on customer_documents to portal_customer;

    alter table customer_tickets enable row level security;
    alter table customer_tickets force row level security;
    create policy customer_tickets_access on customer_tickets for all
      using (tenant_id = app.current_tenant_id() and app.sees_customer(customer_id))
      with check (tenant_id = app.current_tenant_id() and app.sees_customer(customer_id));
    grant select, insert, update on customer_tickets to portal_app;
    grant select, insert, update (status, updated_at, last_message_at, closed_at) on customer_tickets to portal_customer;

    alter table customer_ticket_messages enable row level security;
    alter table customer_ticket_messages force row level security;
    create policy customer_ticket_messages_access on customer_ticket_messages for all
      using (tenant_id = app.current_tenant_id() and app.sees_customer(customer_id))
      with check (tenant_id = app.current_tenant_id() and app.sees_customer(customer_id));
    grant select, insert on customer_ticket_messages to portal_app;
    grant select, insert on customer_ticket_messages to portal_customer;

    -- What an end customer's own requests write besides these: its audit trail and notices to the MSP.
    -- Insert only: the audit log holds the MSP's own activity (deals, payouts), not for its customers' eyes.
    grant insert on audit_events to portal_customer;
    grant insert on outbox_emails to portal_customer;
    grant insert on notifications to portal_customer;
    -- The MSP's name and public contact for the customer's overview; nothing else of the tenant row.
    grant select (id, display_name, website, phone) on tenants to portal_customer;

    -- Who answers an end customer's tickets (the MSP's admins and sales reps), without granting the customer the users table.
    create function app.customer_ticket_answerers()
      returns table (id uuid, name text, email text) language sql stable security definer set search_path = public, app
      as $$
        select u.id, u.name, u.email from users u
        where u.tenant_id = app.current_tenant_id() and u.status = 'active' and u.role in ('partner_admin', 'sales_rep')
        order by u.name, u.id
      $$;
    revoke all on function app.customer_ticket_answerers() from public;
    grant execute on function app.customer_ticket_answerers() to portal_customer;
    grant select (tenant_id) on users to portal_contact_reader;
    create policy users_customer_ticket_answerers on users for select to portal_contact_reader
      using (tenant_id = app.current_tenant_id() and role in ('partner_admin', 'sales_rep'));
    alter function app.customer_ticket_answerers() owner to portal_contact_reader;
    `,
  )
}
